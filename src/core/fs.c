/* fs.c: file-system helpers (see fs.h). */
#include "core/fs.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/error.h"

int dl_mkdirs(const char *dir)
{
    if (!dir || !*dir)
        return DL_EINVAL;
    char *p = dl_xstrdup(dir);
    int rc = 0;
    for (char *s = p + 1;; s++) {
        if (*s == '/' || !*s) {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0755) && errno != EEXIST)
                rc = DL_EIO;
            *s = c;
            if (!c || rc)
                break;
        }
    }
    free(p);
    return rc;
}
