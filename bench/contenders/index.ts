/** The contenders by name, in the order the bench runs them. */
import type { ContenderName } from '../options.js';
import { BridgeContender } from './bridge.js';
import type { BridgeSource } from './bridge-source.js';
import { CeilingContender } from './ceiling.js';
import type { Contender, ContenderContext } from './contender.js';
import { NodeRedContender } from './node-red.js';
import { PassthroughContender } from './passthrough.js';
import { TelegrafContender } from './telegraf.js';

export function makeContenders(
  names: readonly ContenderName[],
  bridges: { bridge: BridgeSource; baseline: BridgeSource | undefined },
  context: ContenderContext,
  log: (line: string) => void,
): Contender[] {
  const make: Record<ContenderName, () => Contender> = {
    ceiling: () => new CeilingContender(context),
    passthrough: () => new PassthroughContender(context),
    bridge: () => new BridgeContender(context, bridges.bridge),
    'bridge-baseline': () => {
      if (!bridges.baseline) throw new Error('bridge-baseline needs --baseline REV');
      return new BridgeContender(context, bridges.baseline, 'bridge-baseline');
    },
    'node-red-batch': () => new NodeRedContender(context, 'batch', log),
    'node-red-message': () => new NodeRedContender(context, 'message', log),
    telegraf: () => new TelegrafContender(context),
  };
  return names.map((name) => make[name]());
}
