/* error.c: names of the DL_E* codes. */
#include "error.h"

const char *dl_strerror(int code)
{
    switch (code) {
    case DL_OK: return "ok";
    case DL_EINVAL: return "invalid input";
    case DL_ETOOBIG: return "over the size limit";
    case DL_ENOTFOUND: return "not found";
    case DL_EIO: return "input/output error";
    case DL_ESTORE: return "storage error";
    case DL_EUTF8: return "invalid UTF-8";
    case DL_ESKIP: return "skipped";
    case DL_EEXIST: return "unchanged";
    case DL_EOLDER: return "older than stored version";
    }
    return "unknown error";
}
