import { describe, expect, it } from 'vitest';
import { loadProfiles, topicFilters } from '../profiles/index.js';
import { compilePattern, createTopicRouter } from './topic.js';

const PROFILES = loadProfiles();
const building = compilePattern(PROFILES.find((p) => p.name === 'building')!.topic!);
const parseTopic = (topic: string) => building.parse(topic);

describe('topic stage', () => {
  it('splits building/{site}/{kind}/{deviceId}', () => {
    expect(parseTopic('building/demo/temperature/temp-1')).toEqual({
      ok: true,
      value: { site: 'demo', kind: 'temperature', deviceId: 'temp-1' },
    });
  });

  it.each([
    '',
    'building',
    'building/demo/temperature',
    'building/demo/temperature/temp-1/extra',
    'building/demo/temperature/',
    'building//temperature/temp-1',
    '/building/demo/temperature/temp-1',
    'Building/demo/temperature/temp-1',
    'sensors/demo/temperature/temp-1',
    'building/demo/temperature/temp-1/',
  ])('refuses %j as invalid_topic', (topic) => {
    const result = parseTopic(topic);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.reason).toBe('invalid_topic');
    expect(result.rejection.detail).toContain('building/{site}/{kind}/{deviceId}');
  });

  it('quotes and shortens a hostile topic in the detail', () => {
    const result = parseTopic(`x\n${'y'.repeat(500)}`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.detail).not.toContain('\n');
    expect(result.rejection.detail.length).toBeLessThan(200);
  });
});

describe('topic router', () => {
  const router = createTopicRouter(
    ['building/{site}/{kind}/{deviceId}', 'solar-tracker/{device}/telemetry', 'solar-tracker/{device}/status', '{site}/meters/{device}'].map((text) => ({
      pattern: compilePattern(text),
      target: text,
    })),
  );
  const routeOf = (topic: string) => {
    const result = router.match(topic);
    return result.ok ? [result.value.route.target, result.value.levels] : [result.rejection.reason, result.rejection.detail];
  };

  it('finds the pattern a topic matches, with its named levels', () => {
    expect(routeOf('solar-tracker/t-1/status')).toEqual(['solar-tracker/{device}/status', { device: 't-1' }]);
    expect(routeOf('building/demo/co2/co2-1')).toEqual(['building/{site}/{kind}/{deviceId}', { site: 'demo', kind: 'co2', deviceId: 'co2-1' }]);
    expect(routeOf('plant/meters/m-1')).toEqual(['{site}/meters/{device}', { site: 'plant', device: 'm-1' }]);
  });

  it('refuses a topic under a known first level as invalid_topic, naming the forms it may have', () => {
    expect(routeOf('solar-tracker/t-1/debug')).toEqual([
      'invalid_topic',
      'topic "solar-tracker/t-1/debug" does not have the form solar-tracker/{device}/telemetry or solar-tracker/{device}/status.',
    ]);
    expect(routeOf('solar-tracker//telemetry')[0]).toBe('invalid_topic');
  });

  it('counts a topic no profile reads as no_profile', () => {
    expect(routeOf('sensors/demo/temperature/temp-1')).toEqual([
      'no_profile',
      'topic "sensors/demo/temperature/temp-1" matches no profile; the loaded profiles read topics under building, solar-tracker.',
    ]);
    expect(routeOf('Building/demo/temperature/temp-1')[0]).toBe('no_profile');
    expect(routeOf('')[0]).toBe('no_profile');
  });

  it('answers a topic seen before the same way, with levels nothing can change, through more topics than it remembers', () => {
    const first = router.match('building/demo/co2/co2-1');
    expect(router.match('building/demo/co2/co2-1')).toEqual(first);
    expect(first.ok && Object.isFrozen(first.value.levels)).toBe(true);
    for (let n = 0; n < 25_000; n++) expect(routeOf(`building/demo/co2/d-${n}`)).toEqual(['building/{site}/{kind}/{deviceId}', { site: 'demo', kind: 'co2', deviceId: `d-${n}` }]);
    expect(routeOf('building/demo/co2/co2-1')[1]).toEqual({ site: 'demo', kind: 'co2', deviceId: 'co2-1' });
    const long = `building/demo/co2/${'x'.repeat(300)}`;
    expect(routeOf(long)[1]).toEqual({ site: 'demo', kind: 'co2', deviceId: 'x'.repeat(300) });
    expect(routeOf(`${long}/extra`)[0]).toBe('invalid_topic');
  });

  it('subscribes to every topic the shipped profiles name, named levels as +', () => {
    expect(topicFilters(PROFILES).sort()).toEqual(['building/+/+/+', 'flexotwin/+/status', 'solar-tracker/+/status', 'solar-tracker/+/telemetry']);
  });
});

