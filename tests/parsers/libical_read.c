/* Reads a calendar file with libical (Evolution's engine) and prints what it understood, one event a line:
 *   EVENT <uid> <start, UTC seconds> <end, UTC seconds> <status> <sequence> <alarms> <first alarm's trigger, seconds>
 * An all-day event prints its date as YYYYMMDD for start and end. Then
 *   PROBLEM <text>   for every X-LIC-ERROR libical added while parsing or while checking RFC 5546's restrictions
 *   CHECK <0|1>      icalrestriction_check's result (1: no restriction broken).
 * Used by tests/parsers/readers.py; built by the tests with the C compiler and pkg-config's flags for libical. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libical/ical.h>

static char *read_all(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); exit(2); }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    char *text = malloc(size + 1);
    if (fread(text, 1, size, file) != (size_t) size) { perror(path); exit(2); }
    text[size] = 0;
    fclose(file);
    return text;
}

static void print_time(icalproperty *property, icalcomponent *calendar) {
    if (!property) { printf(" -"); return; }
    struct icaltimetype when = icalproperty_get_datetime_with_component(property, calendar);
    if (when.is_date) { printf(" %04d%02d%02d", when.year, when.month, when.day); return; }
    icaltimezone *zone = (icaltimezone *) icaltime_get_timezone(when);
    printf(" %lld", (long long) icaltime_as_timet_with_zone(when, zone ? zone : icaltimezone_get_utc_timezone()));
}

static void print_problems(icalcomponent *component) {
    for (icalproperty *p = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)) {
        printf("PROBLEM %s\n", icalproperty_get_xlicerror(p));
    }
    for (icalcomponent *c = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT); c;
         c = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)) {
        print_problems(c);
    }
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s FILE.ics\n", argv[0]); return 2; }
    char *text = read_all(argv[1]);
    icalcomponent *calendar = icalparser_parse_string(text);
    if (!calendar) { printf("PROBLEM not a calendar\n"); return 1; }
    for (icalcomponent *event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); event;
         event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
        printf("EVENT %s", icalcomponent_get_uid(event));
        print_time(icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY), calendar);
        print_time(icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY), calendar);
        icalproperty *status = icalcomponent_get_first_property(event, ICAL_STATUS_PROPERTY);
        printf(" %s", status ? icalproperty_status_to_string(icalproperty_get_status(status)) : "-");
        printf(" %d", icalcomponent_get_sequence(event));
        int alarms = icalcomponent_count_components(event, ICAL_VALARM_COMPONENT);
        printf(" %d", alarms);
        icalcomponent *alarm = icalcomponent_get_first_component(event, ICAL_VALARM_COMPONENT);
        if (alarm) {
            struct icaltriggertype trigger = icalproperty_get_trigger(
                icalcomponent_get_first_property(alarm, ICAL_TRIGGER_PROPERTY));
            printf(" %d", icaldurationtype_as_int(trigger.duration));
        } else {
            printf(" -");
        }
        printf("\n");
    }
    int passed = icalrestriction_check(calendar);
    print_problems(calendar);
    printf("CHECK %d\n", passed);
    icalcomponent_free(calendar);
    free(text);
    return 0;
}
