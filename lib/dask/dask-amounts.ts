/**
 * Sizes and cores as the gateway's config writes them: checked, and at most 2^53 - 1 (bytes,
 * cores), so that every one is written as a plain number.
 * @internal
 */
import type { Size } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import { sizeBytes } from '../core/k8s';
import { checkCpu, checkSafeMagnitude, checkSize } from '../core/validate';

/** A size in bytes, written into the gateway's config as a whole number. */
export function safeBytes(prop: string, size: Size): number {
  const bytes = sizeBytes(checkSize(prop, size));
  return checkSafeMagnitude(prop, bytes, `${bytes} bytes`);
}

/** Cores, written into the gateway's config as a plain number. */
export function safeCpu(prop: string, cpu: kplus.Cpu): number {
  return checkSafeMagnitude(prop, checkCpu(prop, cpu.amount), cpu.amount);
}
