/**
 * CDK entry point (cdk.json: `npx tsx infra/app.ts`). The only `new App()`
 * of the project: `-c stage=<name>` selects the stage (`dev` by default).
 */
import { App } from 'aws-cdk-lib';
import { buildArchiveApp } from './build-app.ts';

const app = new App();
buildArchiveApp(app);
app.synth();
