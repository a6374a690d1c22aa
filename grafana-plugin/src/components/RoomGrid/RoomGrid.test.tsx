import { act, render, screen, within } from '@testing-library/react';
import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { NOW, referenceBuilding, withAppendedRow } from '../../../tests/fixtures/building.js';
import { buildingModel } from '../../../tests/support/model.js';
import { darkTheme, withTheme } from '../../../tests/support/render.js';
import { TEST_IDS } from '../../testIds.js';
import { RoomGrid } from './RoomGrid.js';

const grid = () =>
  withTheme(darkTheme, <RoomGrid rooms={buildingModel().rooms} roomMinWidth={260} roomClickable={false} deviceUrlSet tileMinWidth={100} iconPrefix="t" />);
const room = (title: string) => screen.getAllByTestId(TEST_IDS.room).find((element) => element.dataset.room === title)!;
const values = (title: string) => within(room(title)).queryAllByTestId(TEST_IDS.deviceValue).length;

/** An IntersectionObserver whose reports the test makes. */
class FakeObserver {
  static last: FakeObserver | undefined;
  readonly targets = new Set<Element>();
  constructor(
    readonly callback: IntersectionObserverCallback,
    readonly options?: IntersectionObserverInit
  ) {
    FakeObserver.last = this;
  }
  observe(target: Element) {
    this.targets.add(target);
  }
  unobserve(target: Element) {
    this.targets.delete(target);
  }
  disconnect() {
    this.targets.clear();
  }
  report(target: Element, isIntersecting: boolean) {
    act(() => this.callback([{ target, isIntersecting } as IntersectionObserverEntry], this as unknown as IntersectionObserver));
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('RoomGrid', () => {
  it('packs every room in as many columns as fit, in the given order', () => {
    const { rooms } = buildingModel();
    render(grid());
    expect(screen.getByTestId(TEST_IDS.grid).style.gridTemplateColumns).toBe('repeat(auto-fill, minmax(260px, 1fr))');
    expect(screen.getAllByTestId(TEST_IDS.room).map((element) => element.dataset.room)).toEqual(rooms.map((r) => r.title));
  });

  it('draws every tile in full where nothing can tell what is on screen', () => {
    render(grid());
    expect(screen.getAllByTestId(TEST_IDS.deviceValue)).toHaveLength(21);
  });

  it('draws in full the rooms on screen, the others as light tiles that keep their role, label and data, and follows scrolling', () => {
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    // room1 is on screen (jsdom's window is 1024 × 768), every other room far below.
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
      const top = (this as HTMLElement).dataset.room === 'room1' ? 0 : 5000;
      return { top, bottom: top + 200, left: 0, right: 300, width: 300, height: 200, x: 0, y: top, toJSON: () => ({}) } as DOMRect;
    });
    render(grid());
    expect(values('room1')).toBe(4);
    expect(values('room5')).toBe(0);
    const light = within(room('room5')).getAllByTestId(TEST_IDS.device);
    expect(light).toHaveLength(4);
    expect(light[0]).toHaveAttribute('data-device-key', 'room5/temp-5/temperature');
    expect(light[0]).toHaveAttribute('data-status', 'ok');
    expect(light[0]).toHaveAttribute('tabindex', '0');
    expect(light[0]).toHaveAccessibleName('temp-5, Temperature, 22 °C');
    expect(within(room('room5')).getByRole('button', { name: 'light-5, Light, 425 lux, Stale, last seen 2 min ago' })).toHaveAttribute('data-status', 'stale');

    const observer = FakeObserver.last!;
    expect(observer.targets.size).toBe(6);
    expect(observer.options?.rootMargin).toBe('100% 0px');
    observer.report(room('room5'), true);
    expect(values('room5')).toBe(4);
    observer.report(room('room1'), false);
    expect(values('room1')).toBe(0);
    expect(within(room('room1')).getAllByTestId(TEST_IDS.device)).toHaveLength(4);
  });

  it('gives the focus back to a tile when its room is drawn anew, in full or light', () => {
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockReturnValue({ top: 5000, bottom: 5200, left: 0, right: 300 } as DOMRect);
    render(grid());
    within(room('room2')).getAllByTestId(TEST_IDS.device)[1]!.focus();
    FakeObserver.last!.report(room('room2'), true);
    expect(values('room2')).toBe(4);
    expect(document.activeElement).toHaveAttribute('data-device-key', 'room2/hum-2/humidity');
    expect(within(document.activeElement as HTMLElement).getByTestId(TEST_IDS.deviceValue)).toHaveTextContent('44%');
    FakeObserver.last!.report(room('room2'), false);
    expect(values('room2')).toBe(0);
    expect(document.activeElement).toHaveAttribute('data-device-key', 'room2/hum-2/humidity');
  });

  it('draws a light tile with the attributes of the full one, and patches a changed device in place', () => {
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockReturnValue({ top: 5000, bottom: 5200, left: 0, right: 300 } as DOMRect);
    const { rerender } = render(grid());
    const attributes = (element: Element) => Object.fromEntries([...element.attributes].filter((a) => a.name !== 'style').map((a) => [a.name, a.value]));
    const light = within(room('room4')).getAllByTestId(TEST_IDS.device).map(attributes);
    FakeObserver.last!.report(room('room4'), true);
    expect(within(room('room4')).getAllByTestId(TEST_IDS.device).map(attributes)).toEqual(light);
    FakeObserver.last!.report(room('room4'), false);

    // hum-4 is heard from again: its light tile changes in place, the others stay the very same elements.
    const before = within(room('room4')).getAllByTestId(TEST_IDS.device);
    const later = buildingModel(referenceBuilding().map((frame) => (frame.name?.includes('device: hum-4') ? withAppendedRow(frame, NOW, 51) : frame)));
    rerender(withTheme(darkTheme, <RoomGrid rooms={later.rooms} roomMinWidth={260} roomClickable={false} deviceUrlSet tileMinWidth={100} iconPrefix="t" />));
    const after = within(room('room4')).getAllByTestId(TEST_IDS.device);
    expect(after).toEqual(before);
    after.forEach((tile, index) => expect(tile).toBe(before[index]));
    expect(after[1]).toHaveAttribute('data-status', 'ok');
    expect(after[1]).toHaveAccessibleName('hum-4, Humidity, 51%');
    expect(after[0]).toHaveAccessibleName('temp-4, Temperature, 21.7 °C');
  });
});
