import type { StageResult } from '../model/rejection.js';
import { quote } from './text.js';

/** The three parts of `building/{site}/{kind}/{deviceId}`, not yet checked as identifiers. */
export interface TopicParts {
  site: string;
  kind: string;
  deviceId: string;
}

export const TOPIC_PREFIX = 'building';
const TOPIC_SHAPE = `${TOPIC_PREFIX}/{site}/{kind}/{deviceId}`;

/** Checks the topic's shape only; the identifier rules are applied by the validate stage. */
export function parseTopic(topic: string): StageResult<TopicParts> {
  const segments = topic.split('/');
  const [prefix, site, kind, deviceId] = segments;
  if (segments.length !== 4 || prefix !== TOPIC_PREFIX || !site || !kind || !deviceId) {
    return {
      ok: false,
      rejection: { reason: 'invalid_topic', detail: `topic ${quote(topic, 80)} does not have the form ${TOPIC_SHAPE}.` },
    };
  }
  return { ok: true, value: { site, kind, deviceId } };
}
