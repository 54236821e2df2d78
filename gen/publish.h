/* publish: write a folder of outputs so that a failed or interrupted run
 * never leaves half-written files over a good earlier result.
 *
 * Files are written into a hidden staging folder beside the target
 * (`out/.2025.tmp-XXXXXX`); staging_commit swaps it into place with one
 * atomic renameat2(RENAME_EXCHANGE) (or a plain rename when there was no
 * earlier result) and then deletes the old tree. A `kill -9` at any moment
 * leaves either the old or the new folder complete at the target path. */
#ifndef DIGINDEX_PUBLISH_H
#define DIGINDEX_PUBLISH_H

#include "diag.h"

#include <stdbool.h>
#include <pthread.h>
#include <stddef.h>

/* One file written through staging_write, for the manifest. */
typedef struct staged_file {
    char *path;         /* owned, relative to the staging folder */
    char sha256[65];    /* hex */
    size_t len;
} staged_file;

typedef struct staging {
    char *target;   /* owned: the final folder, e.g. out/2025 */
    char *tmp;      /* owned: the staging folder */
    /* Every file written, with its hash (staging_write is thread-safe). */
    staged_file *files;
    size_t n_files, cap_files;
    pthread_mutex_t lock;
    int lock_fd;    /* flock on the output folder, held until staging_end */
} staging;

/* Creates the parent folders of `target`, takes the output folder's lock
 * (flock on the folder; waits while another build holds it) and a fresh
 * staging folder beside it, removing staging folders left by killed runs. Returns false after
 * adding an error (exit status 2: a system problem). */
bool staging_begin(staging *s, const char *target, diag *d);
/* Writes `len` bytes to `relpath` inside the staging folder, creating
 * subfolders. Returns false after adding an error. */
bool staging_write(staging *s, const char *relpath, const void *data, size_t len, diag *d);
/* A file written in parts, for outputs too large to hold in memory at once
 * (the Gemeinde score tables are tens of MB): the same file, path rules and
 * manifest entry as staging_write. open returns NULL after adding an error;
 * write adds an error and returns false (later writes do nothing); close
 * records the file when every write succeeded, frees w, and returns whether
 * all went well. */
typedef struct staging_stream staging_stream;
staging_stream *staging_stream_open(staging *s, const char *relpath, diag *d);
bool staging_stream_write(staging_stream *w, const void *data, size_t len, diag *d);
bool staging_stream_close(staging_stream *w, diag *d);
/* Fills the staging folder with hard links to every file of the previous
 * result at the target (when there is one), so that a partial build (--only)
 * replaces some files and keeps the rest. staging_write never writes through
 * such a link: it replaces the file. Returns false after adding an error. */
bool staging_keep_previous(staging *s, diag *d);
/* Publishes the staging folder at the target. */
bool staging_commit(staging *s, diag *d);
/* Removes the staging folder (after a failure) and frees s's strings. Safe
 * to call after staging_commit. */
void staging_end(staging *s);

/* Removes a folder tree; returns false on the first error (errno set). */
bool remove_tree(const char *path);
/* mkdir -p; returns false on error (errno set). */
bool make_dirs(const char *path);

#endif
