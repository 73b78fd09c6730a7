/* Used by tools/suite-at beside libfaketime. The suite runs with the calendar moved and the
 * monotonic clock real (FAKETIME_DONT_FAKE_MONOTONIC): Python times its waits on the monotonic
 * clock, and the kernel's waits that libfaketime does not wrap (sem_clockwait: every lock,
 * Event and Condition with a timeout) count on the real one, so a faked monotonic clock made a
 * one-second wait last the whole offset. libfaketime 0.9.10 still shifts clock_nanosleep on the
 * monotonic clock by the offset in that mode (time.sleep fails with EINVAL); here that call
 * goes straight to the kernel. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int clock_nanosleep(clockid_t clock_id, int flags, const struct timespec *request,
                    struct timespec *remain) {
    static int (*next)(clockid_t, int, const struct timespec *, struct timespec *);
    if (clock_id == CLOCK_MONOTONIC || clock_id == CLOCK_MONOTONIC_RAW ||
        clock_id == CLOCK_BOOTTIME) {
        if (syscall(SYS_clock_nanosleep, clock_id, flags, request, remain) == -1)
            return errno;
        return 0;
    }
    if (!next)
        next = (int (*)(clockid_t, int, const struct timespec *, struct timespec *))dlsym(
            RTLD_NEXT, "clock_nanosleep");
    return next(clock_id, flags, request, remain);
}
