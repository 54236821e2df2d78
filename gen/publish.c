/* publish: staged, atomic output folders (see publish.h). */
#include "publish.h"

#include "buf.h"
#include "fileio.h"
#include "sha256.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *space_hint(int e)
{
    if (e == ENOSPC || e == EDQUOT) return "free disk space, or choose another --out folder";
    if (e == EACCES || e == EPERM || e == EROFS)
        return "make the output folder writable, or choose another with --out";
    return NULL;
}

static void record_file(staging *s, const char *rel, const void *data, size_t len);
static void add_staged(staging *s, staged_file f);

bool make_dirs(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST) {
            free(p);
            return false;
        }
        *s = '/';
    }
    bool ok = mkdir(p, 0755) == 0 || errno == EEXIST;
    free(p);
    return ok;
}

bool remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return errno == ENOENT;
    if (!S_ISDIR(st.st_mode)) return unlink(path) == 0;
    DIR *d = opendir(path);
    if (!d) return false;
    struct dirent *de;
    bool ok = true;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        char *child = xasprintf("%s/%s", path, de->d_name);
        ok &= remove_tree(child);
        free(child);
    }
    closedir(d);
    return ok && rmdir(path) == 0;
}

static void split_target(const char *target, char **parent, char **base)
{
    const char *slash = strrchr(target, '/');
    if (!slash) {
        *parent = xstrdup(".");
        *base = xstrdup(target);
    } else {
        *parent = slash == target ? xstrdup("/") : xstrndup(target, (size_t)(slash - target));
        *base = xstrdup(slash + 1);
    }
}

/* True when `suffix` ("<pid>-XXXXXX" after ".<base>.tmp-") names a process
 * other than us that is still running. */
static bool staging_owner_alive(const char *suffix)
{
    char *end;
    errno = 0;
    long pid = strtol(suffix, &end, 10);
    if (errno || end == suffix || *end != '-' || pid <= 0 || pid == (long)getpid()) return false;
    return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

bool staging_begin(staging *s, const char *target, diag *d)
{
    s->target = xstrdup(target);
    s->tmp = NULL;
    s->files = NULL;
    s->n_files = s->cap_files = 0;
    s->lock_fd = -1;
    pthread_mutex_init(&s->lock, NULL);
    char *parent, *base;
    split_target(target, &parent, &base);
    bool ok = false;
    if (!make_dirs(parent)) {
        int e = errno;
        diag_add_cause(d, DIAG_SYSTEM, DIAG_ERROR, parent, 0, 0, NULL, space_hint(e),
                 "cannot create the output folder: %s", strerror(e));
        goto done;
    }
    /* One build into an output folder at a time: a full build and an
     * --only build of the same edition running together would each publish
     * over the other's result. The second waits here until the first has
     * published. The lock is on the folder itself, so no lock file shows. */
    s->lock_fd = file_lock_dir(parent, d);
    if (s->lock_fd < 0) goto done;
    /* Staging folders of killed runs: ".<base>.tmp-<pid>-XXXXXX" (and, from
     * older versions, ".<base>.tmp-XXXXXX" and ".<base>.old-XXXXXX"). A folder
     * whose process still runs belongs to a build into the same folder at the
     * same time: removing it would make that build publish a partial result. */
    DIR *dh = opendir(parent);
    if (dh) {
        char *p1 = xasprintf(".%s.tmp-", base), *p2 = xasprintf(".%s.old-", base);
        struct dirent *de;
        while ((de = readdir(dh))) {
            if (strncmp(de->d_name, p1, strlen(p1)) == 0 || strncmp(de->d_name, p2, strlen(p2)) == 0) {
                if (staging_owner_alive(de->d_name + strlen(p1))) continue;
                char *stale = xasprintf("%s/%s", parent, de->d_name);
                remove_tree(stale);
                free(stale);
            }
        }
        free(p1);
        free(p2);
        closedir(dh);
    }
    s->tmp = xasprintf("%s/.%s.tmp-%ld-XXXXXX", parent, base, (long)getpid());
    if (!mkdtemp(s->tmp)) {
        int e = errno;
        diag_add_cause(d, DIAG_SYSTEM, DIAG_ERROR, parent, 0, 0, NULL, space_hint(e),
                 "cannot write to the output folder: %s", strerror(e));
        free(s->tmp);
        s->tmp = NULL;
        goto done;
    }
    chmod(s->tmp, 0755);
    ok = true;
done:
    free(parent);
    free(base);
    return ok;
}

/* A path below the staging folder: relative, no empty, "." or ".." part. */
static bool safe_relpath(const char *p)
{
    if (!*p || *p == '/') return false;
    for (const char *s = p; *s;) {
        size_t n = strcspn(s, "/");
        if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
            return false;
        s += n;
        if (*s == '/') s++;
        if (!*s && s[-1] == '/') return false;
    }
    return true;
}

/* Creates relpath in the staging folder (see staging_write) and returns its
 * descriptor, or -1 after adding an error. *path_out: the full path (owned). */
static int staging_create(staging *s, const char *relpath, char **path_out, diag *d)
{
    *path_out = NULL;
    /* Names come from region names and ids via slugs; never let one escape. */
    if (!safe_relpath(relpath)) {
        diag_add(d, DIAG_ERROR, s->target, 0, 0, NULL, NULL,
                 "refusing to write outside the output folder: \"%s\"", relpath);
        return -1;
    }
    char *path = xasprintf("%s/%s", s->tmp, relpath);
    /* Most files are new in a folder that exists: one open. Otherwise the
     * folders are made (make_dirs must not create the staging folder anew
     * if it was removed), or the file there is replaced, never written
     * through: it may be a hard link into the previous result
     * (staging_keep_previous). */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno == ENOENT) {
        char *slash = strrchr(path, '/');
        *slash = '\0';
        struct stat st;
        bool ok = stat(s->tmp, &st) == 0 && make_dirs(path);
        *slash = '/';
        fd = ok ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644) : -1;
    }
    if (fd < 0 && errno == EEXIST && unlink(path) == 0)
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        int e = errno;
        diag_add_cause(d, DIAG_SYSTEM, DIAG_ERROR, path, 0, 0, NULL, space_hint(e), "cannot create: %s", strerror(e));
        free(path);
        return -1;
    }
    *path_out = path;
    return fd;
}

bool staging_write(staging *s, const char *relpath, const void *data, size_t len, diag *d)
{
    char *path;
    int fd = staging_create(s, relpath, &path, d);
    if (fd < 0) return false;
    int e = file_write_fd(fd, data, len);
    if (close(fd) != 0 && !e) e = errno;
    if (e) {
        diag_add_cause(d, DIAG_SYSTEM, DIAG_ERROR, path, 0, 0, NULL, space_hint(e),
                       "cannot write: %s", strerror(e));
        free(path);
        return false;
    }
    free(path);
    record_file(s, relpath, data, len);
    return true;
}

struct staging_stream {
    staging *s;
    char *rel, *path;
    int fd;
    bool ok;
    size_t len;
    sha256_ctx hash;
};

staging_stream *staging_stream_open(staging *s, const char *relpath, diag *d)
{
    char *path;
    int fd = staging_create(s, relpath, &path, d);
    if (fd < 0) return NULL;
    staging_stream *w = xcalloc(1, sizeof *w);
    *w = (staging_stream){s, xstrdup(relpath), path, fd, true, 0, {{0}, 0, {0}, 0}};
    sha256_init(&w->hash);
    return w;
}

bool staging_stream_write(staging_stream *w, const void *data, size_t len, diag *d)
{
    if (!w->ok) return false;
    int e = file_write_fd(w->fd, data, len);
    if (e) {
        diag_add_cause(d, DIAG_SYSTEM, DIAG_ERROR, w->path, 0, 0, NULL, space_hint(e),
                       "cannot write: %s", strerror(e));
        w->ok = false;
        return false;
    }
    sha256_update(&w->hash, data, len);
    w->len += len;
    return true;
}

bool staging_stream_close(staging_stream *w, diag *d)
{
    bool ok = w->ok;
    if (close(w->fd) != 0 && ok) {
        int e = errno;
        diag_add_cause(d, DIAG_SYSTEM, DIAG_ERROR, w->path, 0, 0, NULL, space_hint(e),
                       "cannot write: %s", strerror(e));
        ok = false;
    }
    if (ok) {
        unsigned char digest[32];
        sha256_final(&w->hash, digest);
        staged_file f;
        f.path = w->rel; /* handed over */
        f.len = w->len;
        sha256_to_hex(digest, f.sha256);
        add_staged(w->s, f);
    } else {
        free(w->rel);
    }
    free(w->path);
    free(w);
    return ok;
}

static void add_staged(staging *s, staged_file f)
{
    pthread_mutex_lock(&s->lock);
    if (s->n_files == s->cap_files) {
        s->cap_files = s->cap_files ? 2 * s->cap_files : 256;
        s->files = xrealloc(s->files, s->cap_files * sizeof *s->files);
    }
    s->files[s->n_files++] = f;
    pthread_mutex_unlock(&s->lock);
}

static void record_file(staging *s, const char *rel, const void *data, size_t len)
{
    staged_file f;
    f.path = xstrdup(rel);
    f.len = len;
    sha256_hex(data, len, f.sha256);
    add_staged(s, f);
}

/* Hard-links every file below `from` into `to`, recording each (with its
 * hash, read from disk) under its path relative to the tree (`rel`). */
static bool link_tree(staging *s, const char *from, const char *to, const char *rel)
{
    DIR *dh = opendir(from);
    if (!dh) return errno == ENOENT;
    bool ok = true;
    struct dirent *de;
    while (ok && (de = readdir(dh))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        char *src = xasprintf("%s/%s", from, de->d_name);
        char *dst = xasprintf("%s/%s", to, de->d_name);
        char *sub = *rel ? xasprintf("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
        struct stat st;
        if (lstat(src, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                ok = (mkdir(dst, 0755) == 0 || errno == EEXIST) && link_tree(s, src, dst, sub);
            } else if (S_ISREG(st.st_mode)) {
                ok = link(src, dst) == 0;
                staged_file f = {0};
                int err;
                if (ok && file_sha256(src, f.sha256, &f.len, &err) == FILE_OK) {
                    f.path = xstrdup(sub);
                    add_staged(s, f);
                }
            }
        }
        free(src);
        free(dst);
        free(sub);
    }
    closedir(dh);
    return ok;
}

bool staging_keep_previous(staging *s, diag *d)
{
    if (link_tree(s, s->target, s->tmp, "")) return true;
    int e = errno;
    diag_add_cause(d, DIAG_SYSTEM, DIAG_ERROR, s->target, 0, 0, NULL, space_hint(e),
             "cannot reuse the previous output: %s", strerror(e));
    return false;
}

bool staging_commit(staging *s, diag *d)
{
    struct stat st;
    if (lstat(s->target, &st) != 0) {
        if (rename(s->tmp, s->target) != 0) {
            int e = errno;
            diag_add_cause(d, DIAG_SYSTEM, DIAG_ERROR, s->target, 0, 0, NULL, space_hint(e),
                     "cannot publish the output: %s", strerror(e));
            return false;
        }
        free(s->tmp);
        s->tmp = NULL;
        return true;
    }
    if (renameat2(AT_FDCWD, s->tmp, AT_FDCWD, s->target, RENAME_EXCHANGE) != 0) {
        int e = errno;
        diag_add_cause(d, DIAG_SYSTEM, DIAG_ERROR, s->target, 0, 0, NULL, space_hint(e),
                 "cannot publish the output: %s", strerror(e));
        return false;
    }
    /* s->tmp now holds the previous result; staging_end removes it. */
    return true;
}

void staging_end(staging *s)
{
    for (size_t i = 0; i < s->n_files; i++) free(s->files[i].path);
    free(s->files);
    s->files = NULL;
    s->n_files = s->cap_files = 0;
    pthread_mutex_destroy(&s->lock);
    if (s->tmp) remove_tree(s->tmp);
    file_unlock(s->lock_fd);
    s->lock_fd = -1;
    free(s->tmp);
    free(s->target);
    s->tmp = s->target = NULL;
}
