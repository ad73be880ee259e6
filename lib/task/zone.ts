// A task's time zone (`tz`): an IANA zone from moment-timezone's database, the one source of
// zones for cron and durations alike. The task rules check a zone name by its shape only (they
// run in CouchDB, without a zone database); whether a zone has that name is said here, with the
// rules' own message (docs/ARCHITECTURE.md, "Cron and time zones in ES5").
//
// Wall-clock times are epoch ms read as if the zone were UTC: 09:00 local is 09:00Z's number.
// A wall-clock time a zone skips (spring forward) is the first instant after the gap; one it
// has twice (fall back) is the first of them.
import type moment from 'moment-timezone';
import { TaskError } from './errors';
import { unknownZone } from './rules';

let loaded: typeof moment | null = null;

/**
 * moment-timezone, loaded when a zone is first needed: its zone database costs a process ~7 MB,
 * which a worker whose tasks name no `tz` need not carry.
 */
function momentTz(): typeof moment {
  if (loaded === null) loaded = require('moment-timezone') as typeof moment;
  return loaded;
}

let names: Set<string> | null = null;

/** Every zone name moment-timezone knows, links included. */
function zoneNames(): Set<string> {
  if (names === null) names = new Set(momentTz().tz.names());
  return names;
}

const HOUR_MS = 3600000;
const MINUTE_MS = 60000;

export class Zone {
  private constructor(private readonly zone: moment.MomentZone) {}

  /** The zone of that name, or null. A name in other letter case is not it (`europe/paris`). */
  static find(name: string): Zone | null {
    // Looked up among the names first: moment.tz.zone reads its tables by plain property
    // access, and throws for names such as `constructor`.
    if (!zoneNames().has(name)) return null;
    const zone = momentTz().tz.zone(name);
    return zone === null || zone.name !== name ? null : new Zone(zone);
  }

  /** The zone of that name. Throws TaskError with the rules' message for a name no zone has. */
  static named(name: string): Zone {
    const zone = Zone.find(name);
    if (zone === null) throw new TaskError(zoneProblem(name)!);
    return zone;
  }

  get name(): string {
    return this.zone.name;
  }

  /** Minutes east of UTC at `ms` (+60 for Paris in winter). */
  offsetMinutes(ms: number): number {
    return -this.zone.utcOffset(ms);
  }

  /** The wall-clock time at the instant `ms`. */
  wall(ms: number): number {
    return ms + this.offsetMinutes(ms) * MINUTE_MS;
  }

  /**
   * The instant of a wall-clock time: the first of two in a repeated hour, the first instant
   * after the gap for a time skipped.
   */
  instant(wallMs: number): number {
    // The offsets around it: a zone changes its offset at most once within a day or so.
    const before = this.offsetMinutes(wallMs - 36 * HOUR_MS);
    const after = this.offsetMinutes(wallMs + 36 * HOUR_MS);
    const candidates = [wallMs - before * MINUTE_MS, wallMs - after * MINUTE_MS]
      .filter((ms) => this.wall(ms) === wallMs)
      .sort((a, b) => a - b);
    if (candidates.length > 0) return candidates[0];
    // In a gap: the change happens between the two readings; find its instant.
    let low = Math.min(wallMs - before * MINUTE_MS, wallMs - after * MINUTE_MS);
    let high = Math.max(wallMs - before * MINUTE_MS, wallMs - after * MINUTE_MS);
    const lowOffset = this.offsetMinutes(low);
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (this.offsetMinutes(middle) === lowOffset) low = middle;
      else high = middle;
    }
    return high;
  }

  /** `ms` as ISO 8601 in this zone's local time with its offset (`2026-03-30T09:00:00.000+02:00`). */
  format(ms: number): string {
    return momentTz().tz(ms, this.zone.name).format('YYYY-MM-DDTHH:mm:ss.SSSZ');
  }
}

/** Why `tz` is no zone: the rules' message for its shape, then for a name no zone has; null for a zone. */
export function zoneProblem(tz: unknown): string | null {
  if (typeof tz !== 'string') return unknownZone(tz);
  return Zone.find(tz) === null ? unknownZone(tz) : null;
}
