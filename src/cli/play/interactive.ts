import { type Agent, agentLabel, contextOf, decide, draft } from '../../agents/index.ts';
import type { Author, ProposedAction } from '../../contracts/trajectory.ts';
import { RESPOND_ACTION } from '../../core/domain/types.ts';
import { isOperationalError } from '../../core/errors.ts';
import { type PyValue, pyDumps } from '../../core/python/index.ts';
import type { SimulatorCore } from '../../session/index.ts';
import { pc } from '../colour.ts';
import { EXIT } from '../exit.ts';
import { renderDiff } from './diff-table.ts';
import { CallCancelled, parseArgumentsText } from './guided-prompt.ts';
import { InputClosed, Interrupted, type Prompter } from './line-input.ts';
import { renderPolicySearch } from './policy-text.ts';
import {
  CHANGES_DIFF,
  type EpisodeHeader,
  renderAgent,
  renderCall,
  renderCustomer,
  renderFinal,
  renderHeader,
  renderHistory,
  renderObservation,
} from './render.ts';
import { episodeRecord, type SaveTarget, saveEpisode, saveEpisodeTo } from './save.ts';
import { type ConfirmedCall, callPrompter, guidedCall, rawCall } from './tool-call.ts';
import { wrapText } from './wrap.ts';

/** Exit status after Ctrl-C (128 + SIGINT), saved or not. */
export const EXIT_INTERRUPTED = EXIT.interrupted;

export const COMMANDS: ReadonlyArray<[string, string]> = [
  [
    '<text>',
    'reply to the customer with exactly this text (start with // to send a text that starts with /)',
  ],
  ['/tool [name]', 'call a tool through guided prompts built from its schema'],
  ['/json [name] [args]', 'call a tool with its arguments as raw JSON'],
  ['/cancel', 'in the middle of a tool call: cancel it (so does Ctrl-C there); nothing is recorded'],
  ['/policy [words]', 'read the policy, or search it: the matching sections, best first'],
  ['/undo', 'take back the last action (the data and the customer are restored)'],
  ['/history', 'show the conversation so far'],
  ['/changes', 'show the changes made to the data so far'],
  ['/copilot <intent>', 'ask the copilot (--agent-model) to propose a reply or tool call'],
  ['/goal', "show the customer's hidden goal (only with --show-goal)"],
  ['/end', 'end the episode now (abandoned: scored 0)'],
  ['/help', 'show these actions'],
];

/** The commands by name (`/tool`, …), with their other spellings. */
const COMMAND_NAMES: ReadonlySet<string> = new Set([
  ...COMMANDS.map(([c]) => c.split(' ')[0]!).filter((c) => c.startsWith('/')),
  '/?',
  '/diff',
  '/quit',
]);

export function commandHelp(): string {
  const width = Math.max(...COMMANDS.map(([c]) => c.length));
  return COMMANDS.map(([c, d]) => `  ${pc.cyan(c.padEnd(width))}  ${d}`).join('\n');
}

/** Tab completion: command names, and tool names after /tool and /json. */
export function completer(toolNames: readonly string[]): (line: string) => [string[], string] {
  const names = COMMANDS.map(([c]) => c.split(' ')[0]!).filter((c) => c.startsWith('/'));
  return (line) => {
    const tool = /^\/(tool|json)\s+(\S*)$/.exec(line);
    if (tool !== null) {
      const hits = toolNames.filter((n) => n.startsWith(tool[2]!)).map((n) => `/${tool[1]} ${n}`);
      return [hits, line];
    }
    if (/^\/\S*$/.test(line)) return [names.filter((n) => n.startsWith(line)), line];
    return [[], line];
  };
}

/** Where the episode is saved: `saveTo` (a JSONL file), else the store `store` names (default: the data home's). */
export interface InteractiveOptions extends SaveTarget {
  header: EpisodeHeader;
  /** The task's goal, shown by /goal only when --show-goal was given. */
  showGoal: boolean;
  /** The agent that drafts proposals for `/copilot` (`--agent-model`). */
  copilot: Agent | undefined;
  /** Columns to lay tool results out in. */
  width: number;
}

/** The interactive episode: the player acts as the agent until the conversation ends. */
export class InteractivePlay {
  private readonly sim: SimulatorCore;
  private readonly io: Prompter;
  private readonly options: InteractiveOptions;

  constructor(sim: SimulatorCore, io: Prompter, options: InteractiveOptions) {
    this.sim = sim;
    this.io = io;
    this.options = options;
  }

  /** Plays to the end and returns the exit status (0, or 130 after Ctrl-C). */
  async run(opening: string): Promise<number> {
    const { io } = this;
    io.say(renderHeader(this.options.header));
    const hint =
      'Type a reply to the customer, or a command: /tool /json /policy /undo /history /changes /copilot /goal /end /help. Ctrl-C quits (and offers to save).';
    io.say(pc.dim(wrapText(hint, process.stdout.columns ?? 100)));
    io.say('');
    io.say(renderCustomer(opening));
    try {
      while (!this.sim.isDone) await this.turn(await io.ask(pc.green(pc.bold('agent › '))));
    } catch (error) {
      if (error instanceof Interrupted) return this.interrupted();
      if (error instanceof InputClosed) {
        io.say(pc.yellow('\nInput closed: the episode was not saved.'));
        return EXIT_INTERRUPTED;
      }
      throw error;
    }
    await this.finish();
    return 0;
  }

  private async turn(line: string): Promise<void> {
    const text = line.trim();
    if (text === '') return;
    try {
      if (text.startsWith('/') && !text.startsWith('//')) await this.command(text);
      else await this.respond(text.startsWith('//') ? text.slice(1) : text, 'human');
    } catch (error) {
      // A model that failed, or an action the session refused: say so and let the player go on.
      if (!isOperationalError(error)) throw error;
      this.io.say(`${pc.red('✗')} ${error.message}`);
    }
  }

  private async command(text: string): Promise<void> {
    const [head = '', ...rest] = text.split(/\s+/);
    const arg = text.slice(head.length).trim();
    const { io, sim } = this;
    switch (head.toLowerCase()) {
      case '/help':
      case '/?':
        io.say(commandHelp());
        return;
      case '/tool':
        return this.toolCall((io) => guidedCall(sim.domain, io, arg));
      case '/json':
        return this.toolCall((io) =>
          rawCall(sim.domain, io, rest[0] ?? '', arg.slice((rest[0] ?? '').length).trim()),
        );
      case '/policy':
        return this.policy(arg);
      case '/undo':
        return this.undo();
      case '/history':
        io.say(renderHistory(sim.history));
        return;
      case '/changes':
      case '/diff': {
        const diffs = sim.changes();
        io.say(diffs.length === 0 ? 'No changes to the data so far.' : renderDiff(diffs, CHANGES_DIFF));
        return;
      }
      case '/goal':
        io.say(
          this.options.showGoal
            ? `${pc.magenta('Goal:')} ${this.options.header.goal}`
            : 'The goal is hidden: a demonstration must not use what the agent cannot know. Play with --show-goal to practise with it.',
        );
        return;
      case '/copilot':
        return this.copilot(arg);
      case '/cancel':
        io.say('No tool call to cancel: /cancel is for the middle of one.');
        return;
      case '/end':
      case '/quit': {
        const sure = (await io.ask('End the episode now? It is abandoned and scored 0. (y/N) › ')).trim();
        if (/^y(es)?$/i.test(sure)) sim.abandon();
        return;
      }
      default:
        io.say(`Unknown command ${head}: /help lists the actions.`);
    }
  }

  private async respond(text: string, author: Author): Promise<void> {
    const model = this.sim.customerConfig.model !== undefined;
    if (model) process.stdout.write(pc.dim('  (the customer is typing…)'));
    let outcome: Awaited<ReturnType<SimulatorCore['respondToUser']>>;
    try {
      outcome = await this.sim.respondToUser(text, author);
    } finally {
      if (model) process.stdout.write('\r\x1b[2K');
    }
    this.io.say(renderCustomer(outcome.observation));
  }

  private async call(name: string, args: string, author: Author): Promise<void> {
    const outcome = await this.sim.callTool(name, args, author);
    this.io.say(renderObservation(outcome.observation, this.options.width));
  }

  /**
   * The terminal as the guided prompts see it: an answer `/policy [word]` shows the policy and asks
   * the same question again, so the policy can be read in the middle of a tool call.
   */
  private readonly prompts: Prompter = {
    ask: async (prompt, prefill) => {
      for (;;) {
        const answer = await this.io.ask(prompt, prefill);
        const policy = /^\/policy(?:\s+(.*))?$/i.exec(answer.trim());
        if (policy === null) return answer;
        this.policy(policy[1]?.trim() ?? '');
      }
    },
    say: (text) => this.io.say(text),
  };

  /** A tool call through its prompts; a cancelled one calls nothing, records nothing, and says so. */
  private async toolCall(ask: (io: Prompter) => Promise<ConfirmedCall | undefined>): Promise<void> {
    let call: ConfirmedCall | undefined;
    try {
      call = await ask(callPrompter(this.prompts, COMMAND_NAMES));
    } catch (error) {
      if (!(error instanceof CallCancelled)) throw error;
      this.io.say(`${pc.yellow('Call cancelled')} (${error.message}): nothing was called or recorded.`);
      return;
    }
    if (call !== undefined) await this.call(call.name, call.args, 'human');
  }

  private policy(word: string): void {
    const policy = this.sim.domain.policy;
    if (word === '') {
      this.io.say(policy.trimEnd());
      return;
    }
    this.io.say(renderPolicySearch(policy, word, this.sim.domain.name));
  }

  private undo(): void {
    const action = this.sim.undo();
    if (action === undefined) {
      this.io.say('Nothing to undo.');
      return;
    }
    const what =
      action.name === RESPOND_ACTION
        ? `your message ${JSON.stringify(String(action.kwargs.content))}`
        : `${action.name} ${pyDumps(action.kwargs as PyValue)}`;
    this.io.say(`${pc.yellow('Undone:')} ${what}. The data and the customer are as they were before it.`);
    const last = this.sim.history.findLast((m) => m.role === 'user');
    if (last !== undefined) this.io.say(renderCustomer(last.content));
  }

  private async copilot(intentGiven: string): Promise<void> {
    const { io, sim } = this;
    const agent = this.options.copilot;
    if (agent === undefined) {
      io.say('No copilot: start with --agent-model <provider:model> (e.g. --agent-model openai:gpt-4o).');
      return;
    }
    let intent = intentGiven;
    while (intent === '') intent = (await io.ask('  what do you want to do? › ')).trim();
    io.say(pc.dim(`  asking ${agentLabel(agent.config)}…`));
    const drafted = await draft(agent, contextOf(sim), intent);
    sim.addAgentUsage(drafted.usage);
    const proposal = drafted.proposal;
    io.say(`${pc.magenta('copilot proposes:')} ${describe(proposal)}`);
    for (;;) {
      const choice = (await io.ask('  [a]ccept, [e]dit, [r]eject › ')).trim().toLowerCase();
      let decided: ReturnType<typeof decide> | undefined;
      if (choice === 'a' || choice === 'accept') decided = decide(drafted, { decision: 'accepted' });
      else if (choice === 'e' || choice === 'edit')
        decided = decide(drafted, { decision: 'edited', final: await this.edit(proposal) });
      else if (choice === 'r' || choice === 'reject') {
        let reason = '';
        while (reason === '') reason = (await io.ask('  why is it wrong? › ')).trim();
        decided = decide(drafted, { decision: 'rejected', reason });
      }
      if (decided === undefined) {
        io.say(`    ${pc.red('✗')} answer a, e or r`);
        continue;
      }
      if (decided.perform !== null) await this.perform(decided.perform.action, decided.perform.author);
      else io.say(pc.dim('  Rejected; kept with the episode as preference data.'));
      sim.recordProposal(decided.proposal);
      return;
    }
  }

  private async edit(proposal: ProposedAction): Promise<ProposedAction> {
    const { io, sim } = this;
    if (proposal.type === 'reply') {
      for (;;) {
        const text = (await io.ask('  edit › ', proposal.content)).trim();
        if (text !== '') return { type: 'reply', content: text };
      }
    }
    for (;;) {
      const line = (await io.ask('  edit › ', `${proposal.name} ${proposal.arguments}`)).trim();
      const name = line.split(/\s+/)[0] ?? '';
      const args = line.slice(name.length).trim();
      const parsed = parseArgumentsText(args);
      if (!sim.domain.tools.has(name))
        io.say(`    ${pc.red('✗')} no tool "${name}"; write: <tool> <JSON arguments>`);
      else if ('error' in parsed) io.say(`    ${pc.red('✗')} ${parsed.error}`);
      else return { type: 'tool_call', name, arguments: args === '' ? '{}' : args };
    }
  }

  private async perform(action: ProposedAction, author: Author): Promise<void> {
    if (action.type === 'reply') {
      this.io.say(renderAgent(action.content));
      await this.respond(action.content, author);
    } else {
      this.io.say(renderCall(action.name, action.arguments));
      await this.call(action.name, action.arguments, author);
    }
  }

  private async save(): Promise<void> {
    const record = episodeRecord(this.sim);
    try {
      const { message } = await saveEpisodeTo(this.sim, record, this.options);
      this.io.say(wrapText(message, process.stdout.columns ?? 100));
    } catch (error) {
      if (!isOperationalError(error)) throw error;
      // Never lose a played episode: keep it in the data home's file and say so.
      const path = saveEpisode(record, undefined);
      this.io.say(`${error.message}; the episode was saved to ${path} instead`);
    }
  }

  private async finish(): Promise<void> {
    const result = this.sim.getFinalResult();
    this.io.say('');
    this.io.say(renderFinal(result, { hasGroundTruth: result.reward.reward !== null }));
    await this.save();
  }

  private async interrupted(): Promise<number> {
    const { io, sim } = this;
    for (;;) {
      let answer: string;
      try {
        answer = (await io.ask('Save this episode? It ends here, abandoned (scored 0). (y/n) › ')).trim();
      } catch (error) {
        if (!(error instanceof Interrupted || error instanceof InputClosed)) throw error;
        answer = 'n';
      }
      if (/^y(es)?$/i.test(answer)) {
        if (!sim.isDone) sim.abandon();
        await this.save();
        return EXIT_INTERRUPTED;
      }
      if (/^n(o)?$/i.test(answer)) {
        io.say('Not saved.');
        return EXIT_INTERRUPTED;
      }
    }
  }
}

function describe(action: ProposedAction): string {
  return action.type === 'reply'
    ? `reply ${JSON.stringify(action.content)}`
    : `${pc.blue('→')} ${pc.bold(action.name)} ${action.arguments}`;
}
