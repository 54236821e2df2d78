/* fileio: whole-file reading and writing, advisory locks (see fileio.h). */
#include "fileio.h"

#include "buf.h"
#include "sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static void put_size(buf *b, size_t bytes)
{
    if (bytes % (1024 * 1024) == 0)
        buf_printf(b, "%zu MB", bytes / (1024 * 1024));
    else
        buf_printf(b, "%zu bytes", bytes);
}

file_status file_stream(const char *path, size_t max_bytes,
                        void (*chunk)(void *ctx, const void *data, size_t n), void *ctx,
                        int *err)
{
    *err = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = errno;
        return FILE_CANNOT_OPEN;
    }
    unsigned char block[65536];
    size_t n, total = 0;
    file_status st = FILE_OK;
    while ((n = fread(block, 1, sizeof block, f)) > 0) {
        total += n;
        if (total > max_bytes) {
            st = FILE_TOO_LARGE;
            break;
        }
        chunk(ctx, block, n);
    }
    if (st == FILE_OK && ferror(f)) {
        *err = errno ? errno : EIO;
        st = FILE_CANNOT_READ;
    }
    fclose(f);
    return st;
}

static void append_chunk(void *ctx, const void *data, size_t n)
{
    buf_append(ctx, data, n);
}

file_status file_read_bytes(const char *path, size_t max_bytes, char **data, size_t *len,
                            int *err)
{
    buf b = BUF_INIT;
    file_status st = file_stream(path, max_bytes, append_chunk, &b, err);
    if (st != FILE_OK) {
        buf_free(&b);
        *data = NULL;
        *len = 0;
        return st;
    }
    *len = b.len;
    *data = buf_detach(&b);
    return FILE_OK;
}

static void hash_chunk(void *ctx, const void *data, size_t n)
{
    sha256_update(ctx, data, n);
}

file_status file_sha256(const char *path, char hex[65], size_t *bytes, int *err)
{
    sha256_ctx c;
    sha256_init(&c);
    file_status st = file_stream(path, SIZE_MAX, hash_chunk, &c, err);
    if (st != FILE_OK) return st;
    unsigned char dg[32];
    *bytes = (size_t)c.bytes;
    sha256_final(&c, dg);
    sha256_to_hex(dg, hex);
    return FILE_OK;
}

char *file_read_max(const char *path, size_t max_bytes, const char *what, size_t *len,
                    const char *hint, diag *d)
{
    char *data;
    int err;
    switch (file_read_bytes(path, max_bytes, &data, len, &err)) {
    case FILE_OK: return data;
    case FILE_CANNOT_OPEN:
        diag_add_cause(d, DIAG_USAGE, DIAG_ERROR, path, 0, 0, NULL, hint, "cannot open: %s",
                       strerror(err));
        return NULL;
    case FILE_CANNOT_READ: diag_system(d, path, hint, "cannot read: %s", strerror(err)); return NULL;
    case FILE_TOO_LARGE: {
        buf lim = BUF_INIT;
        put_size(&lim, max_bytes);
        diag_add(d, DIAG_ERROR, path, 0, 0, NULL,
                 "check that this is the right file; split a larger one",
                 "the file is larger than %s, the limit for %s", buf_cstr(&lim),
                 what ? what : "an input file");
        buf_free(&lim);
        return NULL;
    }
    }
    return NULL;
}

char *file_read_all(const char *path, size_t *len, const char *hint, diag *d)
{
    return file_read_max(path, FILE_READ_MAX_BYTES, NULL, len, hint, d);
}

const char *file_errno_hint(int err)
{
    switch (err) {
    case ENOSPC:
    case EDQUOT: return "the disk is full: free some space, then run again";
    case EROFS: return "the file system is read-only: write to another folder";
    case EACCES:
    case EPERM: return "check the folder's permissions";
    case ENOENT:
    case ENOTDIR: return "check that the folder exists";
    default: return NULL;
    }
}

unsigned file_umask(void)
{
    unsigned mask = 022;
    FILE *f = fopen("/proc/self/status", "r");
    if (f) {
        char line[256];
        while (fgets(line, sizeof line, f))
            if (strncmp(line, "Umask:", 6) == 0) {
                mask = (unsigned)strtoul(line + 6, NULL, 8);
                break;
            }
        fclose(f);
    }
    return mask;
}

int file_write_fd(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

bool file_write_atomic(const char *path, const void *data, size_t len, diag *d)
{
    char *tmp = xasprintf("%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    int err = 0;
    if (fd < 0) {
        err = errno;
    } else {
        err = file_write_fd(fd, data, len);
        if (!err && fchmod(fd, (mode_t)(0666 & ~file_umask())) != 0) err = errno;
        if (!err && fsync(fd) != 0) err = errno;
        if (close(fd) != 0 && !err) err = errno;
        if (!err && rename(tmp, path) != 0) err = errno;
        if (err) unlink(tmp);
    }
    if (err)
        diag_system(d, path, file_errno_hint(err), "cannot write the file: %s", strerror(err));
    free(tmp);
    return !err;
}

static int lock_fd(int fd, const char *path, diag *d)
{
    while (flock(fd, LOCK_EX) != 0) {
        if (errno == EINTR) continue;
        diag_system(d, path, NULL, "cannot lock: %s", strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

int file_lock_dir(const char *dir, diag *d)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        diag_add_cause(d, e == ENOENT || e == ENOTDIR ? DIAG_USAGE : DIAG_SYSTEM, DIAG_ERROR,
                       dir, 0, 0, NULL, NULL, "cannot open the folder: %s", strerror(e));
        return -1;
    }
    return lock_fd(fd, dir, d);
}

int file_lock_path(const char *path, diag *d)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        int e = errno;
        diag_system(d, path, file_errno_hint(e), "cannot create the lock file: %s", strerror(e));
        return -1;
    }
    return lock_fd(fd, path, d);
}

void file_unlock(int fd)
{
    if (fd < 0) return;
    flock(fd, LOCK_UN);
    close(fd);
}
