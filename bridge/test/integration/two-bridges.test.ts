import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMariadb, type MariadbServer } from '@sensorplus/stack';
import { createFleet, Publisher, referenceBuilding, type SimMessage } from '@sensorplus/simulator';
import { expectedWindows, expectSameWindows, type StoredWindow } from '../archive/support/expected.js';
import { pointOf } from '../archive/support/points.js';
import { sql } from '../archive/support/servers.js';
import { BridgeProcess } from '../support/bridge-process.js';
import { StackFixture, eventually } from '../support/stack-fixture.js';

/**
 * Two bridges sharing one stream (`$share/…`) and one archive database, against real Mosquitto,
 * InfluxDB and MariaDB. The archive job's leader is SIGKILLed mid-run and restarted: every message
 * lands once, both bridges took a share, the job moves to the other bridge with the lock, and the
 * finalised windows equal what the published readings give.
 */

const TOTAL = 20_000;
const KILL_AT = 8_000;
const DEVICES = 200;
const RATE = 2_000;
const TIERS = { base: 10_000, longer: 60_000 };
const MAX_GAP_MS = 900_000;

interface Member {
  name: string;
  process: BridgeProcess;
}

describe('two bridges on a shared subscription', () => {
  let stack: StackFixture;
  let mariadb: MariadbServer;
  let members: Member[];

  const isLeader = async (member: Member) => (await member.process.metric('sensorplus_archive_leader')) === 1;
  const leaders = async () => (await Promise.all(members.map(async (m) => ((await isLeader(m)) ? [m.name] : [])))).flat();

  beforeAll(async () => {
    stack = await StackFixture.start('two-bridges');
    mariadb = await startMariadb({ dataDir: path.join(stack.dir, 'mariadb'), database: 'archive', user: 'bridge', password: randomBytes(12).toString('hex') });
    members = await Promise.all(
      ['a', 'b'].map(async (name) => {
        const env = stack.bridgeEnv({
          MQTT_TOPICS: '$share/bridges/building/#',
          MQTT_CLIENT_ID: `bridge-${name}`,
          QUEUE_DIR: path.join(stack.dir, `queue-${name}`),
          MYSQL_URL: mariadb.url,
          ARCHIVE_TIERS: '10s,1m',
          // Longer than a killed bridge takes to come back and write what it queued: the caveat of several bridges (archive README).
          ARCHIVE_GRACE_SECONDS: '20',
          ARCHIVE_INTERVAL_SECONDS: '1',
          RATE_LIMIT_PER_DEVICE: '0',
        });
        const process = await BridgeProcess.start(env, path.join(stack.dir, `bridge-${name}.log`));
        stack.bridges.push(process);
        return { name, process };
      }),
    );
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    await mariadb?.stop();
  });

  it('lands every message once, moves the archive job with its lock when the leader dies, and archives exactly', async () => {
    for (const member of members) {
      await eventually(() => member.process.metric('sensorplus_mqtt_connected'), (n) => n === 1, { timeoutMs: 20_000 });
    }
    expect(await eventually(leaders, (names) => names.length === 1, { timeoutMs: 20_000 })).toHaveLength(1);
    const [leaderName] = await leaders();
    const leader = members.find((m) => m.name === leaderName)!;
    const follower = members.find((m) => m !== leader)!;

    // Real-time readings, each stamped when it is published, spread over many devices.
    const fleet = createFleet({ devices: referenceBuilding({ devices: DEVICES }), seed: 12 });
    const published: SimMessage[] = [];
    const publisher = await Publisher.connect({ ...stack.publisherOptions(), ratePerSecond: RATE });
    const started = performance.now();
    let receivedByLeaderBeforeKill = 0;
    let takeover: Promise<void> | undefined;
    for (let i = 0; i < TOTAL; i++) {
      const message = fleet.reading(i % DEVICES, Date.now());
      published.push(message);
      await publisher.publish(message.topic, message.payload);
      if (i + 1 === KILL_AT) {
        receivedByLeaderBeforeKill = await leader.process.metric('sensorplus_messages_received_total');
        // Killed while publishing goes on; restarted once the other bridge has taken the job over.
        takeover = leader.process
          .kill()
          .then(() => eventually(() => isLeader(follower), (yes) => yes, { timeoutMs: 20_000 }))
          .then(() => leader.process.spawn());
      }
    }
    await publisher.drain();
    await publisher.close();
    await takeover;

    const points = await eventually(() => stack.countPoints(), (n) => n >= TOTAL, { timeoutMs: 120_000, intervalMs: 500 });
    const seconds = (performance.now() - started) / 1000;
    expect(points).toBe(TOTAL);
    process.stdout.write(`two bridges: ${TOTAL} messages published at ${RATE}/s, all in InfluxDB after ${seconds.toFixed(1)} s, leader killed at ${KILL_AT}\n`);
    expect(receivedByLeaderBeforeKill).toBeGreaterThan(0);
    expect(await follower.process.metric('sensorplus_messages_received_total')).toBeGreaterThan(0);

    // The job moved with the lock and stays put: the restarted bridge follows.
    expect(await leaders()).toEqual([follower.name]);

    const lastWindowEnd = Math.floor(Math.max(...published.map((m) => pointOf(m).ts)) / TIERS.base) * TIERS.base + TIERS.base;
    const finalUntil = async () => {
      const [row] = await sql<{ final_until: Date }>(mariadb.url, "SELECT final_until FROM archive_watermark WHERE tier = '10s'");
      return row?.final_until.getTime() ?? 0;
    };
    await eventually(finalUntil, (t) => t >= lastWindowEnd, { timeoutMs: 60_000, intervalMs: 1000 });
    // One more run after the watermark moved, so the longer tier is rebuilt from the final base windows.
    const runs = await follower.process.metric('sensorplus_archive_run_duration_seconds_count');
    await eventually(() => follower.process.metric('sensorplus_archive_run_duration_seconds_count'), (n) => n >= runs + 2, { timeoutMs: 20_000 });

    const raw = published.map(pointOf);
    const stored = (tier: string) => sql<StoredWindow>(mariadb.url, 'SELECT * FROM archive_rollup WHERE tier = ?', [tier]);
    const base = await stored('10s');
    expect(base.every((row) => row.is_final === 1)).toBe(true);
    expectSameWindows(base, expectedWindows(raw, TIERS.base, MAX_GAP_MS, -Infinity, Infinity), '10s');
    expectSameWindows(await stored('1m'), expectedWindows(raw, TIERS.longer, MAX_GAP_MS, -Infinity, Infinity), '1m');
    expect(await eventually(leaders, (names) => names.length === 1, { timeoutMs: 5_000 })).toEqual([follower.name]);
  }, 240_000);
});
