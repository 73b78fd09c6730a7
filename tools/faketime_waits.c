/* Preloaded by tools/suite-at before libfaketime. libfaketime moves the clocks by a fixed
 * offset, the monotonic one included, and wraps the calls that sleep or wait until a clock
 * time so that they wait as long as asked. It does not wrap sem_clockwait, through which
 * Python waits on every lock, Event and Condition with a timeout: the deadline Python gives
 * is on the moved monotonic clock, the kernel counts it on the real one, and a one-second wait
 * lasted the whole offset (a burst worker never ended, waiting for its Redis listener thread,
 * whose Event.wait(1) nobody set). Here the deadline is moved back onto the real clock. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <semaphore.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int sem_clockwait(sem_t *sem, clockid_t clock_id, const struct timespec *abstime) {
    static int (*next)(sem_t *, clockid_t, const struct timespec *);
    if (!next)
        next = (int (*)(sem_t *, clockid_t, const struct timespec *))dlsym(RTLD_NEXT,
                                                                            "sem_clockwait");
    struct timespec moved, real, deadline = *abstime;
    clock_gettime(clock_id, &moved);                        /* as libfaketime shows it */
    syscall(SYS_clock_gettime, clock_id, &real);            /* as the kernel counts it */
    long long shift = (long long)(moved.tv_sec - real.tv_sec) * 1000000000LL +
                      (moved.tv_nsec - real.tv_nsec);
    long long at = (long long)deadline.tv_sec * 1000000000LL + deadline.tv_nsec - shift;
    if (at < 0)
        at = 0;
    deadline.tv_sec = at / 1000000000LL;
    deadline.tv_nsec = at % 1000000000LL;
    return next(sem, clock_id, &deadline);
}
