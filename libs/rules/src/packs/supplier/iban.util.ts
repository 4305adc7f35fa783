import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { boundedMemo } from '../../engine/bounded-memo.util';

/**
 * ibantools' answers, remembered per distinct value: a supplier's invoices and master data name the
 * same few accounts over and over, and the mod-97 check is among the costlier steps of validation.
 */
export const ibanElectronicFormat = boundedMemo((raw: string): string | null => electronicFormatIBAN(raw), 20_000);

export const ibanValid = boundedMemo((iban: string): boolean => isValidIBAN(iban), 20_000);
