/* error.h: the project's error codes. Functions return 0 or a negative DL_E*;
 * dl_strerror names it. */
#ifndef DL_ERROR_H
#define DL_ERROR_H

enum {
    DL_OK = 0,
    DL_EINVAL = -1,    /* bad input */
    DL_ETOOBIG = -2,   /* over a size limit */
    DL_ENOTFOUND = -3, /* no such item */
    DL_EIO = -4,       /* file or socket error */
    DL_ESTORE = -5,    /* storage backend error */
    DL_EUTF8 = -6,     /* invalid UTF-8 */
    DL_ESKIP = -7,     /* not an error: item deliberately skipped */
    DL_EEXIST = -8,    /* already there, nothing changed */
    DL_EOLDER = -9,    /* older version than stored: ignored */
};

/* A static, human-readable name of an error code. */
const char *dl_strerror(int code);

#endif
