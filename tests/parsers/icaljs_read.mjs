// Reads a calendar file with ical.js (Thunderbird's parser) and prints what it understood, one event a line:
//   EVENT <uid> <start, UTC seconds> <end, UTC seconds> <status> <sequence> <alarms> <first alarm's trigger, seconds>
// An all-day event prints its date as YYYYMMDD for start and end. Used by tests/parsers/readers.py.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const calendar = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const moment = (time) => {
  if (!time) return "-";
  if (time.isDate) {
    return String(time.year).padStart(4, "0") + String(time.month).padStart(2, "0") + String(time.day).padStart(2, "0");
  }
  return String(time.toUnixTime());
};
const lines = [];
for (const component of calendar.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(component);
  const alarms = component.getAllSubcomponents("valarm");
  const trigger = alarms.length ? alarms[0].getFirstPropertyValue("trigger").toSeconds() : "-";
  lines.push(["EVENT", event.uid, moment(event.startDate), moment(event.endDate),
              component.getFirstPropertyValue("status") || "-", event.sequence || 0, alarms.length, trigger].join(" "));
}
lines.push("CHECK 1");
process.stdout.write(lines.join("\n") + "\n");
