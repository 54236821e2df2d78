/* version: the program version shown by --version and in outputs. */
#ifndef DIGINDEX_VERSION_H
#define DIGINDEX_VERSION_H
#define DIGINDEX_VERSION "0.1.0"
#endif
