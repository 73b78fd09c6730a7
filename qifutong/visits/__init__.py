"""Visits (走楼访企) and the visit plan: who is due a visit, and the tasks that ask for one."""
