/* timefmt.h: instants shown in the site's time zone ("12 Oct. 2025, 13:57")
 * and as ISO 8601 / HTTP dates. The zone is set once at start-up. */
#ifndef DL_TIMEFMT_H
#define DL_TIMEFMT_H

#include <stddef.h>
#include <time.h>

/* Sets the process time zone (an IANA name such as "Asia/Seoul"); call once
 * at start-up before threads. Returns 0, or DL_EINVAL if the zone is unknown. */
int dl_time_set_zone(const char *zone);
/* "12 Oct. 2025, 13:57" in the site zone. */
void dl_time_human(time_t t, char *out, size_t n);
/* "12 Oct. 2025" in the site zone. */
void dl_time_human_date(time_t t, char *out, size_t n);
/* "2025-10-12T13:57:00+09:00" in the site zone (ISO 8601 with offset). */
void dl_time_iso(time_t t, char *out, size_t n);
/* "Sun, 12 Oct 2025 04:57:00 GMT" (RFC 9110 date). */
void dl_time_http(time_t t, char *out, size_t n);
/* Parses an RFC 9110 IMF-fixdate; returns 0 or DL_EINVAL. */
int dl_time_parse_http(const char *s, time_t *t);
/* The instants [*from, *to) that the site-zone day y-m-d covers.
 * Returns 0 or DL_EINVAL for an impossible date. */
int dl_time_day_range(int y, int m, int d, time_t *from, time_t *to);
/* The site-zone calendar date of t. */
void dl_time_local_date(time_t t, int *y, int *m, int *d);

#endif
