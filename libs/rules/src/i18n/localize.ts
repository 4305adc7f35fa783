import { catalogueEntry, formatMessage, SYNTAX_RULE_TEXTS, type MessageValues } from './catalogue';
import { DEFAULT_LANGUAGE, type Language } from './languages';

/** What localization needs of a finding (a stored finding row, a Finding of the engine, a CLI finding). */
export interface LocalizableFinding {
  ruleId: string;
  message: string;
  hint?: string | null;
  expected?: string | null;
  actual?: string | null;
  fieldPath?: string | null;
}

export interface LocalizedFindingText {
  /** The sentence in the requested language (falls back to English, then to the finding's own text). */
  message: string;
  hint?: string;
  /** "Expected X, found Y." in the requested language; absent when the finding has neither. */
  detail?: string;
  /** True when message came from the requested language's catalogue (always true for English). */
  translated: boolean;
}

export interface LocalizedRuleText {
  message: string;
  hint?: string;
  translated: boolean;
}

const present = (s: string | null | undefined): s is string => typeof s === 'string' && s !== '';

/** The catalogue key and the extra values of a finding's text (syntax rules share one sentence per family). */
function textKey(f: LocalizableFinding): { key: string; values: MessageValues } {
  const values: MessageValues = {
    expected: f.expected ?? '',
    actual: f.actual ?? '',
    field: f.fieldPath ?? '',
  };
  const syntax = SYNTAX_RULE_TEXTS[f.ruleId];
  if (syntax) {
    const [family, element] = syntax;
    values.element = element;
    return { key: family === 'specific' ? f.ruleId : `syntax.${family}`, values };
  }
  if (f.ruleId === 'ENGINE-RULE-ERROR') {
    values.rule = /Rule (\S+) could not/.exec(f.message)?.[1] ?? '?';
  } else if (f.ruleId === 'SYSTEM-FAILED') {
    values.stage = /could not be routed/.test(f.message) ? 'routing' : 'validation';
    values.attempts = Number(/\((\d+) attempt/.exec(f.message)?.[1] ?? 1);
  }
  return { key: f.ruleId, values };
}

function textIn(key: string, lang: Language, values: MessageValues, part: 'message' | 'hint'): string | undefined {
  const raw = catalogueEntry(key, lang)?.[part];
  return present(raw) ? formatMessage(raw, lang, values) : undefined;
}

/** "Expected {expected}, found {actual}." (or the half that is known) in a language. */
export function findingDetail(f: Pick<LocalizableFinding, 'expected' | 'actual'>, lang: Language): string | undefined {
  const values: MessageValues = { expected: f.expected ?? '', actual: f.actual ?? '' };
  const key =
    present(f.expected) && present(f.actual)
      ? 'detail.expected-actual'
      : present(f.expected)
        ? 'detail.expected'
        : present(f.actual)
          ? 'detail.actual'
          : undefined;
  if (!key) return undefined;
  return textIn(key, lang, values, 'message') ?? textIn(key, DEFAULT_LANGUAGE, values, 'message');
}

/**
 * A finding's texts in a language. English keeps the finding's own sentence (the rule wrote it with
 * the invoice's values); other languages use the catalogue, falling back to the English catalogue
 * and then to the finding's own text. Presentation only: the stored finding is never changed.
 */
export function localizeFinding(f: LocalizableFinding, lang: Language): LocalizedFindingText {
  const detail = findingDetail(f, lang);
  const own = { message: f.message, hint: present(f.hint) ? f.hint : undefined };
  const { key, values } = textKey(f);
  if (lang === DEFAULT_LANGUAGE) {
    const hint = own.hint ?? textIn(key, DEFAULT_LANGUAGE, values, 'hint');
    return {
      message: own.message || (textIn(key, DEFAULT_LANGUAGE, values, 'message') ?? ''),
      ...(hint ? { hint } : {}),
      ...(detail ? { detail } : {}),
      translated: true,
    };
  }
  const message = textIn(key, lang, values, 'message');
  const hint = textIn(key, lang, values, 'hint') ?? own.hint ?? textIn(key, DEFAULT_LANGUAGE, values, 'hint');
  return {
    message: message ?? (own.message || (textIn(key, DEFAULT_LANGUAGE, values, 'message') ?? '')),
    ...(hint ? { hint } : {}),
    ...(detail ? { detail } : {}),
    translated: message !== undefined,
  };
}

/** A rule's catalogue texts (GET /v1/rules): description and hint in a language, English as fallback. */
export function localizeRule(
  rule: { id: string; description: string; hint?: string | null },
  lang: Language,
): LocalizedRuleText {
  const own = { message: rule.description, hint: present(rule.hint) ? rule.hint : undefined };
  if (lang === DEFAULT_LANGUAGE)
    return { message: own.message, ...(own.hint ? { hint: own.hint } : {}), translated: true };
  const values: MessageValues = { expected: '', actual: '', field: '' };
  const message = textIn(rule.id, lang, values, 'message');
  const hint = textIn(rule.id, lang, values, 'hint') ?? own.hint;
  return { message: message ?? own.message, ...(hint ? { hint } : {}), translated: message !== undefined };
}

/** A label of the catalogue ("label.field", "label.blocking", ...) in a language. */
export function catalogueLabel(key: string, lang: Language): string {
  return textIn(key, lang, {}, 'message') ?? textIn(key, DEFAULT_LANGUAGE, {}, 'message') ?? key;
}
