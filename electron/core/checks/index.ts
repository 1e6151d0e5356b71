export { dossierFacts, dossierDocuments, documentLoader, normaliseProcedure } from './facts';
export { loadSchedules, loadWorkCalendar, listCalendarYears, parseHolidayText, replaceCalendarYears, type CalendarYearInfo } from './calendar';
export { runChecks, listFindings, selectDossiers, loadBenchmarks, type RunChecksInput } from './run';
