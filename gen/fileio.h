/* fileio: whole-file reading and writing, and advisory locks.
 *
 * Every file digindex reads goes through file_stream (the one fopen/fread
 * loop): whole (file_read_all, file_read_max, or file_read_bytes for
 * callers that word their own errors) or streamed and hashed (file_sha256,
 * for the manifest and the files a build keeps from its predecessor).
 *
 * Every file digindex writes (other than the staged outputs of a build, see
 * publish.h) goes through file_write_atomic: a temporary file with a unique
 * name beside the target, then rename. Two writers at once never mix their
 * bytes, a failed write never leaves a half-written file, and a process only
 * ever removes temporary files it created itself. Folders written by several
 * commands (a data folder: import, sample, new-edition) are guarded by
 * file_lock_dir, so that read-modify-write sequences do not lose updates. */
#ifndef DIGINDEX_FILEIO_H
#define DIGINDEX_FILEIO_H

#include "diag.h"

#include <stdbool.h>
#include <stddef.h>

/* Upper bound for an input file read whole: far beyond any real dataset,
 * small enough to refuse /dev/zero or a mistaken multi-gigabyte file. */
#define FILE_READ_MAX_BYTES ((size_t)512 * 1024 * 1024)

/* What a read came to; with the errno of a failed open or read beside it. */
typedef enum file_status {
    FILE_OK = 0,
    FILE_CANNOT_OPEN,
    FILE_CANNOT_READ,
    FILE_TOO_LARGE, /* more than max_bytes */
} file_status;

/* Calls chunk(ctx, data, n) with the file's bytes in order, in pieces of at
 * most 64 KiB, and stops with FILE_TOO_LARGE once more than max_bytes have
 * come. *err gets errno for FILE_CANNOT_OPEN and FILE_CANNOT_READ. Reports
 * nothing. */
file_status file_stream(const char *path, size_t max_bytes,
                        void (*chunk)(void *ctx, const void *data, size_t n), void *ctx,
                        int *err);

/* The whole file as a new NUL-terminated string in *data (caller frees) and
 * its length in *len; on failure *data is NULL and *err as file_stream's.
 * Reports nothing: for callers that word their own messages. */
file_status file_read_bytes(const char *path, size_t max_bytes, char **data, size_t *len,
                            int *err);

/* SHA-256 of the file as 64 lowercase hex digits into hex[65] and its size
 * into *bytes, streamed (the file is never held whole). Reports nothing. */
file_status file_sha256(const char *path, char hex[65], size_t *bytes, int *err);

/* Returns the file's bytes as a new NUL-terminated string (caller frees) and
 * its length in *len, or NULL after adding "cannot open: …" / "cannot
 * read: …" for `path` to d, with `hint` (may be NULL). Files longer than
 * FILE_READ_MAX_BYTES are refused. */
char *file_read_all(const char *path, size_t *len, const char *hint, diag *d);
/* The same with a limit of `max_bytes`; `what` names the limit in the
 * message ("a CSV import"). */
char *file_read_max(const char *path, size_t max_bytes, const char *what, size_t *len,
                    const char *hint, diag *d);

/* Writes len bytes to path through a uniquely named temporary file in the
 * same folder (mode 0666 minus the umask) and an atomic rename. On failure
 * adds a system error whose hint follows errno (disk full, permissions,
 * read-only) and removes its own temporary file; the earlier file at path, if
 * any, is untouched. */
bool file_write_atomic(const char *path, const void *data, size_t len, diag *d);

/* Writes all len bytes to the open descriptor fd (retrying short writes and
 * EINTR). Returns 0 or the errno of the failed write; fd stays open. */
int file_write_fd(int fd, const void *data, size_t len);

/* One line that tells what to do about a failed write, by errno (NULL when
 * there is nothing useful to say). */
const char *file_errno_hint(int err);

/* The process's umask, read from /proc (umask(2) cannot read it without
 * changing it for every thread); 022 when unknown. */
unsigned file_umask(void);

/* Takes an exclusive advisory lock (flock) on the folder `dir` itself, waiting
 * while another digindex process holds it. Returns the descriptor to pass to
 * file_unlock, or -1 after adding a system error. */
int file_lock_dir(const char *dir, diag *d);
/* Takes an exclusive advisory lock on the file `path` (created when missing,
 * never removed: removing a lock file lets two processes lock two files).
 * Waits while another process holds it. Returns the descriptor or -1 after
 * adding a system error. */
int file_lock_path(const char *path, diag *d);
/* Releases a lock from file_lock_dir or file_lock_path; -1 does nothing. */
void file_unlock(int fd);

#endif
