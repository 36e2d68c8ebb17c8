export {
  type ResidentIdRejection,
  type ParsedResidentId,
  type ResidentIdResult,
  parseResidentId,
  residentIdCheckCharacter,
  maskIdNumber,
} from "./resident-id.js";
export {
  type CreditCodeRejection,
  type CollectiveLevel,
  creditCodeCheckCharacter,
  organizationCodeCheckCharacter,
  checkCreditCode,
  checkEmbeddedOrganizationCode,
  checkCollectiveCreditCode,
  creditCodeRegion,
} from "./credit-code.js";
export {
  type DivisionCodeRejection,
  type DivisionCodeLength,
  checkDivisionCode,
  isVillagersCommitteeCode,
  isDevelopmentZoneCounty,
} from "./division-code.js";
export {
  type ElementCodeRejection,
  checkIssuerCode,
  issuerLevel,
  checkContractorCode,
  contractorType,
  checkPlotCode,
  checkContractCode,
  contractMode,
  checkUnitNumber,
  checkHomesteadUnitNumber,
} from "./element-codes.js";
