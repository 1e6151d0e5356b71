export { loadSchedules, loadWorkCalendar, listCalendarYears, parseHolidayText, replaceCalendarYears, type CalendarYearInfo } from './calendar';
export { runChecks, runChecksJob, listFindings, summariseFindings, selectDossiers, loadBenchmarks, type RunChecksInput } from './run';
export { findingDecisions, confirmedAnswer, findingNote } from './decide';
