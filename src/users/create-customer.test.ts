import { describe, expect, it } from 'vitest';
import { CUSTOMER_STRATEGIES } from '../contracts/customer.ts';
import type { CustomerConfig, CustomerStrategy } from '../core/customer/types.ts';
import { InputError } from '../core/errors.ts';
import { createCustomer } from './create-customer.ts';
import { FakeModel } from './fake-model.test-helper.ts';
import { HumanCustomer } from './human-customer.ts';
import { LlmCustomer } from './llm-customer.ts';
import { ReactCustomer } from './react-customer.ts';
import { ReflectionCustomer } from './reflection-customer.ts';
import { ReplayCustomer } from './replay-customer.ts';
import { ScriptedCustomer } from './scripted/scripted-customer.ts';
import { currentPromptVersion, customerConfig, PROMPT_VERSIONS } from './strategies.ts';
import { VerifyCustomer } from './verify-customer.ts';

const deps = {
  model: new FakeModel(),
  replay: { turns: ['Hi'] },
  human: { ask: async () => 'Hi' },
};

describe('createCustomer', () => {
  it('builds each strategy', () => {
    const classes: Record<CustomerStrategy, unknown> = {
      llm: LlmCustomer,
      react: ReactCustomer,
      verify: VerifyCustomer,
      reflection: ReflectionCustomer,
      scripted: ScriptedCustomer,
      replay: ReplayCustomer,
      human: HumanCustomer,
    };
    for (const strategy of CUSTOMER_STRATEGIES) {
      const customer = createCustomer(customerConfig(strategy), deps);
      expect(customer).toBeInstanceOf(classes[strategy]);
      expect(customer.config.promptVersion).toBe(currentPromptVersion(strategy));
      expect(PROMPT_VERSIONS[strategy]).toContain(customer.config.promptVersion);
    }
  });

  it('records the model actually used with a model strategy', () => {
    const customer = createCustomer(customerConfig('verify', { temperature: 0.5, seed: 3 }), deps);
    expect(customer.config).toEqual({
      strategy: 'verify',
      provider: 'fake',
      model: 'fake-1',
      temperature: 0.5,
      seed: 3,
      promptVersion: 'verify-1',
    });
  });

  it('says a model strategy needs a model, and how to name one', () => {
    expect(() => createCustomer(customerConfig('llm'))).toThrow(InputError);
    expect(() => createCustomer(customerConfig('react'))).toThrow(
      'the react customer needs a model: name one with --user-model and --user-provider (e.g. --user-model gpt-4o --user-provider openai) or as one string such as openai:gpt-4o',
    );
  });

  it('lists the strategies when the strategy is unknown', () => {
    const config = { strategy: 'telepathic', promptVersion: 'x' } as unknown as CustomerConfig;
    expect(() => createCustomer(config, deps)).toThrow(
      'unknown customer strategy "telepathic": use one of llm, react, verify, reflection, scripted, replay, human',
    );
  });

  it('rejects an unknown prompt version, listing the known ones', () => {
    expect(() => createCustomer({ strategy: 'llm', promptVersion: 'llm-9' }, deps)).toThrow(
      'the llm customer has no prompt version "llm-9": use llm-1',
    );
  });

  it('rejects a model that differs from the one the configuration names', () => {
    expect(() =>
      createCustomer(customerConfig('llm', { provider: 'openai', model: 'gpt-4o' }), deps),
    ).toThrow('names provider "openai" but the model client is fake:fake-1');
  });

  it('rejects bad numbers and model settings on strategies without a model', () => {
    expect(() => createCustomer(customerConfig('llm', { temperature: -1 }), deps)).toThrow('temperature');
    expect(() => createCustomer(customerConfig('llm', { seed: 1.5 }), deps)).toThrow('seed');
    expect(() =>
      createCustomer(customerConfig('scripted', { model: 'gpt-4o', temperature: 0 }), deps),
    ).toThrow('the scripted customer uses no model: remove model, temperature');
  });

  it('says what the replay and human customers need', () => {
    expect(() => createCustomer(customerConfig('replay'))).toThrow('recorded conversation');
    expect(() => createCustomer(customerConfig('human'))).toThrow('a way to ask the person');
  });
});
