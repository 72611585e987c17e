/**
 * Infrastructure as code: Terraform/OpenTofu, Pulumi, CDK, CloudFormation, Serverless.
 */
import type { Rule, RulePack } from './rule';

const rules: Rule[] = [];

export const iacPack: RulePack = {
	name: 'iac',
	description: 'Infrastructure as code: Terraform/OpenTofu, Pulumi, CDK, CloudFormation, Serverless.',
	rules,
};
