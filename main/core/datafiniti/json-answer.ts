// The JSON body of a successful answer; an HTML page or a cut-off body is `bad-response`.
import { badResponse, type HttpAnswer } from './errors-from-response.js';
import type { Redactor } from './redact.js';

export function parseJsonAnswer(answer: HttpAnswer, redact: Redactor): unknown {
  if (answer.text.trim() === '') throw badResponse('The Datafiniti API sent an empty answer', answer, redact);
  try {
    return JSON.parse(answer.text) as unknown;
  } catch {
    throw badResponse('The Datafiniti API sent an answer that is not valid JSON', answer, redact);
  }
}
