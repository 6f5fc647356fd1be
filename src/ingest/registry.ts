// Every importer debrief knows, in detection order: bundles first (a folder that is one export), then
// file importers from the most specific content test to the most permissive (pasted chat text last).
import { alertmanagerImporter } from './alertmanager.js';
import { argocdImporter } from './argocd.js';
import { cloudwatchImporter } from './cloudwatch.js';
import { datadogImporter } from './datadog.js';
import { discordCsvImporter, discordJsonImporter } from './discord.js';
import { gitLogImporter } from './git.js';
import { githubImporter } from './github.js';
import { grafanaImporter } from './grafana.js';
import { k8sImporter } from './k8s.js';
import { jsonLinesLogImporter } from './log.js';
import { opsgenieImporter } from './opsgenie.js';
import { pagerdutyImporter } from './pagerduty.js';
import { prometheusImporter } from './prometheus.js';
import { slackApiImporter, slackExportImporter } from './slack.js';
import { statuspageImporter } from './statuspage.js';
import { teamsImporter } from './teams.js';
import { pastedChatImporter } from './text.js';
import type { BundleImporter, FileImporter, Importer } from './types.js';

export const BUNDLE_IMPORTERS: BundleImporter[] = [slackExportImporter];

export const FILE_IMPORTERS: FileImporter[] = [
  statuspageImporter,
  pagerdutyImporter,
  opsgenieImporter,
  alertmanagerImporter,
  prometheusImporter,
  grafanaImporter,
  datadogImporter,
  cloudwatchImporter,
  githubImporter,
  argocdImporter,
  k8sImporter,
  slackApiImporter,
  teamsImporter,
  discordJsonImporter,
  discordCsvImporter,
  gitLogImporter,
  jsonLinesLogImporter,
  pastedChatImporter,
];

export const IMPORTERS: Importer[] = [...BUNDLE_IMPORTERS, ...FILE_IMPORTERS];
