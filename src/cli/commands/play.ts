import type { Command } from 'commander';
import { agentLabel } from '../../agents/index.ts';
import { SELECTABLE_STRATEGIES } from '../../contracts/customer.ts';
import { InputError } from '../../core/errors.ts';
import { DomainRegistry } from '../../registry/index.ts';
import { SimulatorCore, type SimulatorCoreOptions } from '../../session/index.ts';
import { pc, pcErr } from '../colour.ts';
import { applyDebugFlag, DEBUG_FLAG_HELP } from '../debug-flag.ts';
import { withGeneratedScenario } from '../play/generated-scenario.ts';
import { completer, EXIT_INTERRUPTED, InteractivePlay } from '../play/interactive.ts';
import { LineInput } from '../play/line-input.ts';
import { copilotAgent, type PlayOptions, simulatorOptions } from '../play/options.ts';
import { readTrajectoryFile } from '../play/resume.ts';
import { checkStore } from '../play/save.ts';
import { readScript, runScript } from '../play/script.ts';
import { printTasks } from './tasks.ts';

const HELP = `
Play the agent: reply to the customer, call the domain's tools (guided prompts or raw JSON), read the
policy, undo, and see the data you changed. The episode is scored against the task's ground truth at
the end and saved in the session store sigma serve uses (default sqlite:<data home>/sigma.db, data
home: SIGMA_HOME, or ~/.local/share/sigma; --store URL names another), where GET /trajectories lists
it; or, with --save-to FILE, appended to FILE as one JSON line (the trajectory record).

Without a model key the customer is the offline "scripted" one (a line says so). Keys are read from
the environment or a .env file in the working directory. The customer's goal stays hidden unless
--show-goal (practice only: a demonstration must not use what the agent cannot know).

--script FILE plays without a terminal: one JSON object per line, {"respond": "text"} or
{"tool": "name", "arguments": {...}}; it prints the conversation and the result (--json: one JSON
object). The exit status is 0 whatever the reward (a reward is a result, not a failure); 2 on bad input;
130 after Ctrl-C in interactive play.

Examples:
  sigma --env retail                                   play a random retail task
  sigma play --env airline --task-index 3 --show-goal  practise on airline task 3 with its goal shown
  sigma --list-tasks --env airline                     the task table (same as sigma tasks)
  sigma play --env retail --task-index 0 --script steps.jsonl --json
  sigma play --env retail --user-model openai:gpt-4o --agent-model openai:gpt-4o-mini
  sigma play --env retail --persona "You are Ana, zip 10001; you want to return a lamp."`;

/** `sigma play` (also `sigma` alone): one episode in the terminal, or from a script. */
export function registerPlay(program: Command): void {
  program
    .command('play', { isDefault: true })
    .description('Play the agent of a customer-service episode in the terminal (the default command)')
    .option(
      '--env <name>',
      'domain: retail, airline, a fetched one (retail@tau-bench) or one under --data',
      'retail',
    )
    .option('--task-index <n>', 'task to play (default: drawn at random, reproducibly with --seed)')
    .option('--task-split <split>', "task split (default: the domain's, usually test)")
    .option('--seed <n>', 'seed for drawing the task when --task-index is not given')
    .option(
      '--user-model <model>',
      'model playing the customer, e.g. openai:gpt-4o (default: gpt-4o if OPENAI_API_KEY is set)',
    )
    .option('--user-provider <provider>', 'provider of --user-model when it is not written provider:model')
    .option(
      '--user-strategy <strategy>',
      `customer: ${SELECTABLE_STRATEGIES.slice(0, -1).join(', ')} or ${SELECTABLE_STRATEGIES.at(-1)} (default: llm with a model, else scripted)`,
    )
    .option('--user-temperature <t>', "the customer model's temperature")
    .option('--user-seed <n>', "the customer model's seed")
    .option('--persona <text>', "a custom customer goal instead of the task's (no ground truth: unscored)")
    .option(
      '--persona-file <file>',
      'a persona file: goal, records, optional ground truth (see docs/terminal.md)',
    )
    .option('--data <dir>', 'a domain folder, or a folder of domain folders, whose domains take precedence')
    .option('--max-turns <n>', 'cap on agent actions; reaching it ends the episode (default 100)')
    .option('--save-to <file>', 'append the episode to this JSONL file instead of saving it in the store')
    .option(
      '--store <url>',
      'save the episode in this store, as sigma serve --store (default: sqlite:<data home>/sigma.db)',
    )
    .option('--show-goal', "show the customer's hidden goal (practice only)")
    .option('--agent-model <model>', 'a copilot model (provider:model) that proposes replies and tool calls')
    .option('--list-tasks', 'print the task table of --env and exit (as sigma tasks)')
    .option(
      '--script <file>',
      'play a script of actions (JSON lines) without a terminal and print the result',
    )
    .option('--json', 'with --script: print the result as one JSON object')
    .option(
      '--generate-scenario',
      'play a newly generated, checked scenario (by the model, else offline; see sigma persona)',
    )
    .option('--describe <text>', 'with --generate-scenario: what the scenario is about')
    .option(
      '--resume <file>',
      'continue a saved episode (a trajectory JSON, or the last line of a --save-to file) where it stopped',
    )
    .option('--debug [file]', DEBUG_FLAG_HELP)
    .addHelpText('after', HELP)
    .action(async (options: PlayOptions) => {
      applyDebugFlag(options.debug);
      process.exitCode = await play(options);
    });
}

async function play(given: PlayOptions): Promise<number> {
  const options = await withGeneratedScenario(
    given,
    new DomainRegistry(given.data === undefined ? {} : { data: given.data }),
  );
  if (options.listTasks) {
    await printTasks({
      env: options.env,
      ...(options.taskSplit === undefined ? {} : { taskSplit: options.taskSplit }),
      ...(options.data === undefined ? {} : { data: options.data }),
    });
    return 0;
  }
  if (options.json && options.script === undefined)
    throw new InputError('--json is for --script: interactive play prints its result on the screen');
  if (options.saveTo !== undefined && options.store !== undefined)
    throw new InputError('--save-to writes a file and --store names a store: give one of them');
  if (options.resume !== undefined) {
    const own = (
      [
        ['--task-index', options.taskIndex],
        ['--task-split', options.taskSplit],
        ['--seed', options.seed],
        ['--persona', options.persona],
        ['--persona-file', options.personaFile],
      ] as const
    ).filter(([, value]) => value !== undefined);
    if (own.length > 0)
      throw new InputError(
        `--resume continues the recorded episode, its task and customer included: drop ${own.map(([flag]) => flag).join(', ')}`,
      );
  }
  const steps = options.script === undefined ? undefined : readScript(options.script);
  if (steps !== undefined && options.agentModel !== undefined)
    throw new InputError('--agent-model proposes actions to a person playing: it has no use with --script');
  const core = simulatorOptions(options);
  const copilot = copilotAgent(options.agentModel);
  if (steps === undefined && !(process.stdin.isTTY && process.stdout.isTTY)) {
    throw new InputError(
      'interactive play needs a terminal (stdin and stdout are not one): use --script FILE to play JSON lines of actions (see sigma play --help)',
    );
  }
  // A store the user named is checked before play; the default one is created only when saving (and a
  // save that fails keeps the episode in a file).
  if (options.store !== undefined) await checkStore(options.store);
  const registry = new DomainRegistry(core.data === undefined ? {} : { data: core.data });
  const sim =
    options.resume === undefined
      ? new SimulatorCore({ ...core, registry })
      : await SimulatorCore.fromTrajectory(readTrajectoryFile(options.resume), resumeOptions(core, registry));
  const opening = options.resume === undefined ? await sim.start() : lastCustomerMessage(sim);
  if (steps !== undefined) {
    if (sim.notice !== undefined) process.stderr.write(`${pcErr.yellow(sim.notice)}\n`);
    await runScript(sim, opening, steps, {
      json: options.json === true,
      saveTo: options.saveTo,
      store: options.store,
    });
    return 0;
  }
  const persona =
    options.persona !== undefined ? 'text' : options.personaFile !== undefined ? 'file' : undefined;
  const io = new LineInput(process.stdin, process.stdout, completer([...sim.domain.tools.keys()]));
  io.onBusyInterrupt = (count) => {
    if (count >= 2) {
      io.close();
      process.stdout.write('Quit without saving.\n');
      process.exit(EXIT_INTERRUPTED);
    }
    process.stdout.write(
      pc.dim('\n(Ctrl-C: you will be asked about saving after this step; press it again to quit now)\n'),
    );
  };
  try {
    return await new InteractivePlay(sim, io, {
      header: {
        env: sim.domain.name,
        origin: registry.list().find((e) => e.name === sim.domain.name)?.origin,
        split: sim.split,
        defaultSplit: sim.domain.defaultSplit,
        taskIndex: sim.taskIndex,
        taskCount: sim.domain.tasks.get(sim.split)?.length ?? 0,
        taskId: sim.task.id,
        drawn: options.taskIndex === undefined && options.personaFile === undefined,
        customer: sim.customerConfig,
        persona,
        goal: options.showGoal ? (options.persona ?? sim.task.instruction) : undefined,
        notice: sim.notice,
        copilot: copilot === undefined ? undefined : agentLabel(copilot.config),
      },
      showGoal: options.showGoal === true,
      saveTo: options.saveTo,
      store: options.store,
      copilot,
      width: Math.max(40, (process.stdout.columns ?? 100) - 4),
    }).run(opening);
  } finally {
    io.close();
  }
}

/** What `--resume` keeps of the other options: where domains come from, the customer's model, the cap. */
function resumeOptions(core: SimulatorCoreOptions, registry: DomainRegistry) {
  const {
    envName: _env,
    taskIndex: _i,
    taskSplit: _s,
    persona: _p,
    personaFile: _f,
    seed: _seed,
    ...rest
  } = core;
  return { ...rest, registry };
}

/** What the customer said last, to show where a resumed episode stands. */
function lastCustomerMessage(sim: SimulatorCore): string {
  return sim.history.findLast((m) => m.role === 'user')?.content ?? '';
}
