/* fs.h: small file-system helpers shared by the CLI and the importer. */
#ifndef DL_FS_H
#define DL_FS_H

/* Makes dir and its missing parents (mode 0755), like `mkdir -p`.
 * Returns 0, DL_EINVAL for an empty path, or DL_EIO (errno says why). */
int dl_mkdirs(const char *dir);

#endif
