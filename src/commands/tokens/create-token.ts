import { DomainError } from "../../domain/errors.js";
import { countyOfCollective, countyOfId } from "../../domain/routing.js";
import { checkDivisionCode } from "../../domain/identifiers/index.js";
import type { Role } from "../../domain/access.js";
import { newBearerToken, sha256Hex } from "../../lib/hash.js";
import { tokens } from "../../../schema/index.js";
import { findCollective } from "../../storage/collectives.js";
import { findMembership } from "../../storage/memberships.js";
import { findPerson } from "../../storage/persons.js";
import { commitTo, requireWriter, type CommandContext } from "../context.js";

export interface CreateTokenInput {
  role: Role;
  collectiveCode?: string;
  regionPrefix?: string;
  personId?: string;
  label?: string;
}

/**
 * Issues a bearer token; the token itself is answered once and only its SHA-256 hash is kept.
 * Admin issues any role; a registrar issues holder tokens for active members of its own collective.
 */
export async function createToken(ctx: CommandContext, input: CreateTokenInput) {
  requireWriter(ctx, "issue tokens");
  const { actor, deps } = ctx;
  if (actor.role === "registrar" && input.role !== "holder")
    throw new DomainError("forbidden", "A registrar issues holder tokens only.");
  const scope = await checkScope(ctx, input);
  const id = deps.ids("tok");
  const token = newBearerToken();
  const tokenHash = await sha256Hex(token);
  const createdAtMs = deps.clock.nowMs();
  return commitTo(ctx, `token:${id}`, async () => ({
    journal: { type: "token.created", subject: id, collectiveCode: scope.collectiveCode ?? null, data: { role: input.role, scope, label: input.label ?? null } },
    writes: () => [
      deps.db.insert(tokens).values({
        id,
        tokenHash,
        role: input.role,
        collectiveCode: scope.collectiveCode ?? null,
        regionPrefix: scope.regionPrefix ?? null,
        personId: scope.personId ?? null,
        label: input.label ?? null,
        createdBy: actor.tokenId,
        createdAtMs,
      }),
    ],
    result: { id, token, role: input.role, scope, label: input.label ?? null, createdAt: new Date(createdAtMs).toISOString() },
  }));
}

interface Scope {
  collectiveCode?: string;
  regionPrefix?: string;
  personId?: string;
}

async function checkScope(ctx: CommandContext, input: CreateTokenInput): Promise<Scope> {
  const { actor, deps } = ctx;
  const given = [input.collectiveCode, input.regionPrefix, input.personId].filter((v) => v !== undefined).length;
  const invalid = (detail: string) => new DomainError("token_scope_invalid", detail);
  switch (input.role) {
    case "admin":
      if (given > 0) throw invalid("An admin token has no scope: send no collectiveCode, regionPrefix or personId.");
      return {};
    case "registrar": {
      if (!input.collectiveCode || given > 1) throw invalid("A registrar token needs exactly a collectiveCode.");
      if (!(await findCollective(deps.router.forCounty(countyOfCollective(input.collectiveCode)), input.collectiveCode)))
        throw new DomainError("collective_not_found", `No collective ${input.collectiveCode}.`);
      return { collectiveCode: input.collectiveCode };
    }
    case "bureau": {
      if (!input.regionPrefix || given > 1) throw invalid("A bureau token needs exactly a regionPrefix of 2, 4, 6, 9 or 12 digits.");
      const rejected = checkDivisionCode(input.regionPrefix, [2, 4, 6, 9, 12]);
      if (rejected) throw new DomainError(rejected, `regionPrefix ${input.regionPrefix} is not a division code of 2, 4, 6, 9 or 12 digits.`);
      return { regionPrefix: input.regionPrefix };
    }
    case "holder": {
      if (!input.personId || input.regionPrefix !== undefined) throw invalid("A holder token needs a personId (and at most a collectiveCode).");
      if (!(await findPerson(deps.router.forCounty(countyOfId(input.personId)), input.personId))) throw new DomainError("person_not_found", `No person ${input.personId}.`);
      const collectiveCode = actor.role === "registrar" ? (actor.collectiveCode ?? undefined) : input.collectiveCode;
      if (actor.role === "registrar" && input.collectiveCode !== undefined && input.collectiveCode !== collectiveCode)
        throw invalid("A registrar issues holder tokens in its own collective only.");
      // The collective named in a holder token lets that collective's registrar revoke it: it must exist and the
      // person must be an active member there, whoever issues the token.
      if (collectiveCode) {
        if (!(await findCollective(deps.router.forCounty(countyOfCollective(collectiveCode)), collectiveCode))) throw new DomainError("collective_not_found", `No collective ${collectiveCode}.`);
        const membership = await findMembership(deps.router.forCounty(countyOfCollective(collectiveCode)), collectiveCode, input.personId);
        if (membership?.status !== "active")
          throw new DomainError("holder_not_member", `Person ${input.personId} is not an active member of ${collectiveCode}.`);
      }
      return { personId: input.personId, ...(collectiveCode ? { collectiveCode } : {}) };
    }
  }
}
