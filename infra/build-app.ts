/**
 * Builds the whole deployment into an App. `infra/app.ts` calls it for
 * `cdk synth/deploy`; the infra tests call the same function so what they
 * check is what deploys.
 */
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PROJECT, physicalName, readStage, type Stage } from './config.ts';
import { acknowledgeNagFindings } from './nag-suppressions.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';

export interface ArchiveStacks {
  readonly stage: Stage;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

export interface BuildOptions {
  /**
   * Run cdk-nag AwsSolutions checks at synth (default true): synthesis
   * then fails on any finding that is not acknowledged.
   */
  readonly nag?: boolean;
  /**
   * Record the acknowledgments of nag-suppressions.ts (default true). Off
   * only in the test proving each acknowledgment still matches a finding.
   */
  readonly acknowledge?: boolean;
}

/** Reads the optional `-c alarmEmail=...` context. */
function readAlarmEmail(app: App): string | undefined {
  const raw: unknown = app.node.tryGetContext('alarmEmail');
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(raw)) {
    throw new Error(
      `Invalid context "alarmEmail": ${JSON.stringify(raw)}; expected an e-mail address`
    );
  }
  return raw;
}

/**
 * Adds the stateful and stateless stacks for the context's stage.
 *
 * @param app the app to build into (context: `stage`, `alarmEmail`)
 * @param options whether to attach cdk-nag
 */
export function buildArchiveApp(
  app: App,
  options: BuildOptions = {}
): ArchiveStacks {
  const stage = readStage(app);
  const tags = { project: PROJECT, stage };
  const stateful = new StatefulStack(app, physicalName('stateful', stage), {
    stage,
    tags,
    description: `Archive Ingest (${stage}): buckets and records table`,
  });
  const stateless = new StatelessStack(app, physicalName('stateless', stage), {
    stage,
    tags,
    description: `Archive Ingest (${stage}): queues, functions, API`,
    storage: stateful,
    alarmEmail: readAlarmEmail(app),
  });
  // Imports by export name carry no implicit dependency: deploy order.
  stateless.addStackDependency(stateful, 'imports storage exports');
  if (options.acknowledge ?? true) {
    acknowledgeNagFindings({ stateful, stateless });
  }
  if (options.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  }
  return { stage, stateful, stateless };
}
