import { checkContractCode, checkPlotCode } from "./identifiers/index.js";
import type { RuleCode } from "./errors.js";

/**
 * Plots and land contracts (RLCL Arts. 16–24; GB/T 35958 codes). Invariants, in precedence order:
 *  1. a plot code is 19 digits beginning with the collective's issuing-party code; areas are positive;
 *  2. a contract code is the contractor code + J (household contracting) or Q (other methods), and the contractor
 *     code begins with the collective's issuing-party code;
 *  3. a contract covers at least one plot, none twice, each of the same collective; its term ends after it starts;
 *  4. (state) one active contract per plot.
 */
export function checkPlotShape(plotCode: string, issuerCode: string, areaMuE4: number, areaM2E2: number | null): RuleCode | null {
  if (checkPlotCode(plotCode)) return "plot_code_malformed";
  if (!plotCode.startsWith(issuerCode)) return "plot_code_outside_issuer";
  if (areaMuE4 <= 0 || (areaM2E2 !== null && areaM2E2 <= 0)) return "area_must_be_positive";
  return null;
}

export interface ContractShape {
  contractCode: string;
  contractorCode: string;
  plotCodes: string[];
  startsOn: string;
  endsOn: string;
}

export function checkContractShape(input: ContractShape, issuerCode: string): RuleCode | null {
  if (checkContractCode(input.contractCode)) return "contract_code_malformed";
  if (input.contractCode.slice(0, 18) !== input.contractorCode) return "contract_code_contractor_mismatch";
  if (!input.contractorCode.startsWith(issuerCode)) return "contractor_code_outside_issuer";
  if (new Set(input.plotCodes).size !== input.plotCodes.length) return "contract_plots_duplicated";
  for (const plotCode of input.plotCodes) {
    if (checkPlotCode(plotCode)) return "plot_code_malformed";
    if (!plotCode.startsWith(issuerCode)) return "plot_outside_collective";
  }
  if (input.endsOn <= input.startsOn) return "contract_term_invalid";
  return null;
}
