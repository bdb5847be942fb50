/* timefmt.c: site-zone and HTTP time formatting (see timefmt.h). */
#include "core/timefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

/* AP style, as Korean English-language dailies use it ("Sept. 4"). */
static const char *const month_names[] = {"Jan.", "Feb.", "March", "April", "May", "June",
                                          "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."};
static const char *const http_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const http_days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

int dl_time_set_zone(const char *zone)
{
    char path[512];
    if (!zone || !*zone || strstr(zone, "..") || zone[0] == '/')
        return DL_EINVAL;
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", zone);
    FILE *f = fopen(path, "rb");
    if (!f)
        return DL_EINVAL;
    char magic[4] = {0};
    size_t got = fread(magic, 1, 4, f);
    fclose(f);
    if (got != 4 || memcmp(magic, "TZif", 4) != 0)
        return DL_EINVAL;
    setenv("TZ", zone, 1);
    tzset();
    return 0;
}

void dl_time_human(time_t t, char *out, size_t n)
{
    struct tm tm;
    localtime_r(&t, &tm);
    snprintf(out, n, "%d %s %d, %02d:%02d", tm.tm_mday, month_names[tm.tm_mon], tm.tm_year + 1900,
             tm.tm_hour, tm.tm_min);
}

void dl_time_human_date(time_t t, char *out, size_t n)
{
    struct tm tm;
    localtime_r(&t, &tm);
    snprintf(out, n, "%d %s %d", tm.tm_mday, month_names[tm.tm_mon], tm.tm_year + 1900);
}

void dl_time_iso(time_t t, char *out, size_t n)
{
    struct tm tm;
    localtime_r(&t, &tm);
    long off = tm.tm_gmtoff;
    char sign = off < 0 ? '-' : '+';
    if (off < 0)
        off = -off;
    snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, sign, off / 3600, (off % 3600) / 60);
}

void dl_time_http(time_t t, char *out, size_t n)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d GMT", http_days[tm.tm_wday], tm.tm_mday,
             http_months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

int dl_time_parse_http(const char *s, time_t *t)
{
    char wd[4], mon[4];
    int d, y, hh, mm, ss, used = 0;
    if (sscanf(s, "%3s, %2d %3s %4d %2d:%2d:%2d GMT%n", wd, &d, mon, &y, &hh, &mm, &ss, &used) != 7 ||
        used == 0 || s[used] != '\0')
        return DL_EINVAL;
    struct tm tm = {0};
    for (int i = 0; i < 12; i++)
        if (strcmp(mon, http_months[i]) == 0)
            tm.tm_mon = i + 1;
    if (!tm.tm_mon || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 60 || y < 1970)
        return DL_EINVAL;
    tm.tm_mon -= 1;
    tm.tm_mday = d;
    tm.tm_year = y - 1900;
    tm.tm_hour = hh;
    tm.tm_min = mm;
    tm.tm_sec = ss;
    *t = timegm(&tm);
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

static time_t local_midnight(int y, int m, int d)
{
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_isdst = -1;
    return mktime(&tm);
}

int dl_time_day_range(int y, int m, int d, time_t *from, time_t *to)
{
    if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return DL_EINVAL;
    *from = local_midnight(y, m, d);
    *to = local_midnight(y, m, d + 1); /* mktime normalises day overflow */
    return 0;
}

void dl_time_local_date(time_t t, int *y, int *m, int *d)
{
    struct tm tm;
    localtime_r(&t, &tm);
    *y = tm.tm_year + 1900;
    *m = tm.tm_mon + 1;
    *d = tm.tm_mday;
}
