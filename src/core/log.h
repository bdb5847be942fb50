/* log.h: one levelled logger to stderr, with printf format checking. */
#ifndef DL_LOG_H
#define DL_LOG_H

enum dl_log_level { DL_LOG_DEBUG, DL_LOG_INFO, DL_LOG_WARN, DL_LOG_ERROR };

/* Messages below level are dropped. Default DL_LOG_INFO. */
void dl_log_set_level(enum dl_log_level level);
/* Writes one line "2025-10-12T04:57:00Z LEVEL message" to stderr,
 * whole (one write call), safe from any thread. */
void dl_log(enum dl_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define dl_info(...) dl_log(DL_LOG_INFO, __VA_ARGS__)
#define dl_warn(...) dl_log(DL_LOG_WARN, __VA_ARGS__)
#define dl_error(...) dl_log(DL_LOG_ERROR, __VA_ARGS__)

#endif
