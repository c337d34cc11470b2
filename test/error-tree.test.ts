// Every error class of Sigma is in one tree, classed by whose fault it is, and each adapter maps the
// tree in one place: the CLI to exit codes (`cli/exit.ts`), the server to statuses (`http-errors.ts`).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT, reportError } from '../src/cli/exit.ts';
import { InputClosed, Interrupted } from '../src/cli/play/line-input.ts';
import {
  AgentError,
  CancelledError,
  ConfigurationError,
  ConflictError,
  DataError,
  InputError,
  InternalError,
  isOperationalError,
  ModelError,
  NotFoundError,
  SigmaError,
  StorageError,
} from '../src/core/errors.ts';
import { ToolError } from '../src/core/tools/tool.ts';
import { PythonError } from '../src/domains/common/expression.ts';
import { DataModelError } from '../src/domains/tau2/data-model.ts';
import { JudgeReplyError } from '../src/evaluation/tau2/judge.ts';
import { PythonLiteralError } from '../src/fetch/python-literal.ts';
import { DomainLoadFailure, describeError, ModelUnavailable } from '../src/server/http-errors.ts';
import { JsonChangeMismatch } from '../src/server/memory-change.ts';
import { ReplayMismatch } from '../src/session/replay.ts';
import { repoRoot } from './support/shared-data.ts';

const model = { provider: 'fake', model: 'fake-1' };
const modelError = new ModelError({
  ...model,
  kind: 'http',
  status: 500,
  attempts: 3,
  reason: 'HTTP 500: down',
});

describe('the error tree', () => {
  it('puts every class under SigmaError, by whose fault it is', () => {
    const cases: Array<[Error, new (...args: never[]) => SigmaError]> = [
      [new ConfigurationError('x'), InputError],
      [new ModelUnavailable('no key here'), ConfigurationError],
      [new DomainLoadFailure('retail'), ConfigurationError],
      [new DataModelError('orders.total', 'must be a number'), DataError],
      [new PythonLiteralError('tasks.py', { line: 1, column: 2 }, 'bad'), DataError],
      [new JudgeReplyError('no verdicts', model), ModelError],
      [new ReplayMismatch('event 3', 'does not replay'), InternalError],
      [new JsonChangeMismatch('not a list'), InternalError],
      [new ToolError('order not found'), AgentError],
      [new PythonError('ZeroDivisionError', 'division by zero'), AgentError],
      [new Interrupted(), CancelledError],
      [new InputClosed(), CancelledError],
      [new StorageError('disk full'), SigmaError],
    ];
    for (const [error, parent] of cases) {
      expect(error, error.name).toBeInstanceOf(parent);
      expect(error, error.name).toBeInstanceOf(SigmaError);
    }
    // Messages and names stay as they were.
    expect(new DataModelError('orders.total', 'must be a number').message).toBe(
      'orders.total: must be a number',
    );
    expect(new ToolError('x').name).toBe('ToolError');
    expect(new PythonError('TypeError', 'bad operand').type).toBe('TypeError');
    expect(new JudgeReplyError('no verdicts', model).reason).toBe('no verdicts');
    expect(new Interrupted().message).toBe('interrupted');
  });

  it('leaves no class of src/ extending plain Error outside core/errors.ts', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts') && /\bextends Error\b/.test(readFileSync(path, 'utf8')))
          offenders.push(path);
      }
    };
    walk(join(repoRoot, 'src'));
    expect(offenders.map((p) => p.slice(repoRoot.length + 1))).toEqual(['src/core/errors.ts']);
  });

  it('tells operational failures from bugs, refusals and cancellations', () => {
    for (const e of [
      new InputError('x'),
      new NotFoundError('x'),
      new ConflictError('x'),
      new DataError('f', 'x'),
    ]) {
      expect(isOperationalError(e)).toBe(true);
    }
    expect(isOperationalError(modelError)).toBe(true);
    expect(isOperationalError(new StorageError('x'))).toBe(true);
    expect(isOperationalError(new ModelUnavailable('x'))).toBe(true);
    for (const e of [
      new ReplayMismatch('x', 'y'),
      new ToolError('x'),
      new Interrupted(),
      new Error('x'),
      'x',
    ]) {
      expect(isOperationalError(e)).toBe(false);
    }
  });
});

describe('the CLI maps the tree to exit codes', () => {
  let written: string;
  beforeEach(() => {
    written = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      // Colour depends on where the tests run (CI turns it on): the words are what is checked.
      written += stripVTControlCharacters(String(chunk));
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('gives 2 and one line for the user, the data, a model or the store', () => {
    for (const e of [
      new InputError('bad flag'),
      new DataError('db.json', 'bad'),
      modelError,
      new StorageError('gone'),
    ]) {
      written = '';
      expect(reportError(e)).toBe(EXIT.badInput);
      expect(written.trim().split('\n')).toHaveLength(1);
      expect(written).toContain(e.message);
    }
  });

  it('gives 70 with the stack for a bug, in or out of the tree', () => {
    for (const e of [
      new ReplayMismatch('event 3', 'does not replay'),
      new ToolError('escaped'),
      new Error('oops'),
    ]) {
      written = '';
      expect(reportError(e)).toBe(EXIT.internal);
      expect(written).toContain(`sigma: internal error: ${e.message}`);
      expect(written).toContain('This is a bug in Sigma');
    }
  });

  it('gives 130 for a cancellation', () => {
    expect(reportError(new Interrupted())).toBe(EXIT.interrupted);
    expect(written).toContain('sigma: interrupted');
  });
});

describe('the server maps the tree to statuses', () => {
  const status = (error: unknown) => describeError(error).status;
  it('answers by class, the most specific first', () => {
    expect(status(new NotFoundError('no session'))).toBe(404);
    expect(status(new ConflictError('ended'))).toBe(409);
    expect(status(new InputError('bad'))).toBe(422);
    expect(status(new DataModelError('orders.total', 'must be a number'))).toBe(422);
    expect(status(modelError)).toBe(502);
    expect(status(new StorageError('gone'))).toBe(503);
    expect(describeError(new ModelUnavailable('no key')).body.error.code).toBe('model_unavailable');
    expect(status(new ModelUnavailable('no key'))).toBe(503);
    expect(describeError(new DomainLoadFailure('retail')).body.error.message).toBe(
      'the domain "retail" could not be loaded: see the server log',
    );
    expect(status(new ConfigurationError('x'))).toBe(500);
    expect(describeError(new ConfigurationError('/secret/path')).body.error.message).not.toContain('/secret');
    for (const bug of [
      new ReplayMismatch('x', 'y'),
      new JsonChangeMismatch('x'),
      new ToolError('x'),
      new Error('x'),
    ]) {
      expect(describeError(bug)).toEqual({
        status: 500,
        body: { error: { code: 'internal', message: 'internal error: see the server log' } },
      });
    }
  });
});
