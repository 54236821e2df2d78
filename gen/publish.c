/* publish: staged, atomic output folders (see publish.h). */
#include "publish.h"

#include "buf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

bool staging_begin(staging *s, const char *target, diag *d)
{
    s->target = xstrdup(target);
    s->tmp = NULL;
    char *parent, *base;
    split_target(target, &parent, &base);
    bool ok = false;
    if (!make_dirs(parent)) {
        int e = errno;
        diag_add(d, DIAG_ERROR, parent, 0, 0, NULL, space_hint(e),
                 "cannot create the output folder: %s", strerror(e));
        goto done;
    }
    /* Staging folders of killed runs: ".<base>.tmp-XXXXXX" and ".<base>.old-XXXXXX". */
    DIR *dh = opendir(parent);
    if (dh) {
        char *p1 = xasprintf(".%s.tmp-", base), *p2 = xasprintf(".%s.old-", base);
        struct dirent *de;
        while ((de = readdir(dh))) {
            if (strncmp(de->d_name, p1, strlen(p1)) == 0 || strncmp(de->d_name, p2, strlen(p2)) == 0) {
                char *stale = xasprintf("%s/%s", parent, de->d_name);
                remove_tree(stale);
                free(stale);
            }
        }
        free(p1);
        free(p2);
        closedir(dh);
    }
    s->tmp = xasprintf("%s/.%s.tmp-XXXXXX", parent, base);
    if (!mkdtemp(s->tmp)) {
        int e = errno;
        diag_add(d, DIAG_ERROR, parent, 0, 0, NULL, space_hint(e),
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

bool staging_write(staging *s, const char *relpath, const void *data, size_t len, diag *d)
{
    char *path = xasprintf("%s/%s", s->tmp, relpath);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    bool ok = make_dirs(path);
    *slash = '/';
    /* Replace, never write through: the file may be a hard link into the
     * previous result (staging_keep_previous). */
    if (ok) unlink(path);
    int fd = ok ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644) : -1;
    if (fd < 0) {
        int e = errno;
        diag_add(d, DIAG_ERROR, path, 0, 0, NULL, space_hint(e), "cannot create: %s", strerror(e));
        free(path);
        return false;
    }
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            diag_add(d, DIAG_ERROR, path, 0, 0, NULL, space_hint(e), "cannot write: %s",
                     strerror(e));
            close(fd);
            free(path);
            return false;
        }
        p += w;
        left -= (size_t)w;
    }
    if (close(fd) != 0) {
        int e = errno;
        diag_add(d, DIAG_ERROR, path, 0, 0, NULL, space_hint(e), "cannot write: %s", strerror(e));
        free(path);
        return false;
    }
    free(path);
    return true;
}

static bool link_tree(const char *from, const char *to)
{
    DIR *dh = opendir(from);
    if (!dh) return errno == ENOENT;
    bool ok = true;
    struct dirent *de;
    while (ok && (de = readdir(dh))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        char *src = xasprintf("%s/%s", from, de->d_name);
        char *dst = xasprintf("%s/%s", to, de->d_name);
        struct stat st;
        if (lstat(src, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                ok = (mkdir(dst, 0755) == 0 || errno == EEXIST) && link_tree(src, dst);
            else if (S_ISREG(st.st_mode))
                ok = link(src, dst) == 0;
        }
        free(src);
        free(dst);
    }
    closedir(dh);
    return ok;
}

bool staging_keep_previous(staging *s, diag *d)
{
    if (link_tree(s->target, s->tmp)) return true;
    int e = errno;
    diag_add(d, DIAG_ERROR, s->target, 0, 0, NULL, space_hint(e),
             "cannot reuse the previous output: %s", strerror(e));
    return false;
}

bool staging_commit(staging *s, diag *d)
{
    struct stat st;
    if (lstat(s->target, &st) != 0) {
        if (rename(s->tmp, s->target) != 0) {
            int e = errno;
            diag_add(d, DIAG_ERROR, s->target, 0, 0, NULL, space_hint(e),
                     "cannot publish the output: %s", strerror(e));
            return false;
        }
        free(s->tmp);
        s->tmp = NULL;
        return true;
    }
    if (renameat2(AT_FDCWD, s->tmp, AT_FDCWD, s->target, RENAME_EXCHANGE) != 0) {
        int e = errno;
        diag_add(d, DIAG_ERROR, s->target, 0, 0, NULL, space_hint(e),
                 "cannot publish the output: %s", strerror(e));
        return false;
    }
    /* s->tmp now holds the previous result; staging_end removes it. */
    return true;
}

void staging_end(staging *s)
{
    if (s->tmp) remove_tree(s->tmp);
    free(s->tmp);
    free(s->target);
    s->tmp = s->target = NULL;
}
