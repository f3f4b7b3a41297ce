// System calls that glibc only declares under _GNU_SOURCE, which Swift's Glibc module does not set.
#ifndef CMOCACHE_SHIMS_H
#define CMOCACHE_SHIMS_H

#include <spawn.h>

/// pipe2(fds, O_CLOEXEC): a pipe whose ends are never inherited by another thread's child process.
int mocache_pipe_cloexec(int fds[2]);

/// posix_spawn_file_actions_addchdir_np where the C library has it; returns ENOSYS otherwise.
int mocache_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *path);

#endif
