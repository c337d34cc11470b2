export { evaluateTau2, type Tau2EvaluationOptions } from './evaluate.ts';
export {
  type JudgeIdentity,
  type JudgeOptions,
  JudgeReplyError,
  judgeModelName,
  judgeNlAssertions,
  judgeRequest,
  judgeTranscript,
  modelJudge,
  NL_JUDGE_PROMPT_VERSION,
  parseJudgeReply,
} from './judge.ts';
