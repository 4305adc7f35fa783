import type { Severity } from '@app/rules';

/**
 * A subset of the EN 16931 CII syntax binding (CII-SR-*): per context element, children that
 * should not be present (warnings), may occur at most once, or must occur exactly once.
 */
export interface CiiSyntaxRule {
  id: string;
  path: string; // below the context, slash-separated local names; "@attr" for attributes
  kind: 'absent' | 'max-once' | 'exactly-once';
  severity: Severity;
}

const absent = (id: string, path: string): CiiSyntaxRule => ({ id, path, kind: 'absent', severity: 'warning' });

export const CII_SYNTAX_RULES: [string, CiiSyntaxRule[]][] = [
  [
    'ExchangedDocumentContext',
    [
      absent('CII-SR-001', 'SpecifiedTransactionID'),
      absent('CII-SR-002', 'TestIndicator'),
      {
        id: 'CII-SR-003',
        path: 'BusinessProcessSpecifiedDocumentContextParameter',
        kind: 'max-once',
        severity: 'warning',
      },
      absent('CII-SR-006', 'BIMSpecifiedDocumentContextParameter'),
      absent('CII-SR-007', 'ScenarioSpecifiedDocumentContextParameter'),
      absent('CII-SR-008', 'ApplicationSpecifiedDocumentContextParameter'),
      {
        id: 'CII-SR-009',
        path: 'GuidelineSpecifiedDocumentContextParameter',
        kind: 'exactly-once',
        severity: 'blocking',
      },
      {
        id: 'CII-SR-010',
        path: 'GuidelineSpecifiedDocumentContextParameter/ID',
        kind: 'exactly-once',
        severity: 'blocking',
      },
      absent('CII-SR-011', 'SubsetSpecifiedDocumentContextParameter'),
      absent('CII-SR-012', 'MessageStandardSpecifiedDocumentContextParameter'),
    ],
  ],
  [
    'ExchangedDocument',
    [
      absent('CII-SR-013', 'Name'),
      { id: 'CII-SR-014', path: 'TypeCode', kind: 'exactly-once', severity: 'blocking' },
      absent('CII-SR-015', 'DateTime'),
      absent('CII-SR-016', 'CopyIndicator'),
      absent('CII-SR-017', 'Purpose'),
      absent('CII-SR-018', 'ControlRequirementIndicator'),
      absent('CII-SR-019', 'LanguageID'),
      absent('CII-SR-020', 'PurposeCode'),
      absent('CII-SR-021', 'RevisionDateTime'),
      absent('CII-SR-022', 'VersionID'),
      absent('CII-SR-023', 'GlobalID'),
      absent('CII-SR-024', 'RevisionID'),
      absent('CII-SR-025', 'PreviousRevisionID'),
      absent('CII-SR-033', 'EffectiveSpecifiedPeriod'),
      absent('CII-SR-034', 'IssuerTradeParty'),
    ],
  ],
  ['ExchangedDocument/IncludedNote', [{ id: 'CII-SR-030', path: 'Content', kind: 'max-once', severity: 'warning' }]],
  [
    'SupplyChainTradeTransaction/IncludedSupplyChainTradeLineItem',
    [
      { id: 'CII-SR-039', path: 'AssociatedDocumentLineDocument/IncludedNote', kind: 'max-once', severity: 'warning' },
      absent('CII-SR-221', 'IncludedSubordinateTradeLineItem'),
    ],
  ],
  [
    'SupplyChainTradeTransaction/IncludedSupplyChainTradeLineItem/SpecifiedTradeProduct',
    [
      absent('CII-SR-045', 'ID'),
      absent('CII-SR-048', 'ManufacturerAssignedID'),
      absent('CII-SR-049', 'TradeName'),
      absent('CII-SR-050', 'TypeCode'),
      absent('CII-SR-051', 'NetWeightMeasure'),
      absent('CII-SR-052', 'GrossWeightMeasure'),
      absent('CII-SR-053', 'ProductGroupID'),
      absent('CII-SR-054', 'EndItemTypeCode'),
      absent('CII-SR-055', 'EndItemName'),
      absent('CII-SR-056', 'AreaDensityMeasure'),
      absent('CII-SR-057', 'UseDescription'),
      absent('CII-SR-058', 'BrandName'),
      absent('CII-SR-059', 'SubBrandName'),
      absent('CII-SR-060', 'DrainedNetWeightMeasure'),
      absent('CII-SR-061', 'VariableMeasureIndicator'),
      absent('CII-SR-062', 'ColourCode'),
      absent('CII-SR-063', 'ColourDescription'),
      absent('CII-SR-064', 'Designation'),
      absent('CII-SR-065', 'FormattedCancellationAnnouncedLaunchDateTime'),
      absent('CII-SR-066', 'FormattedLatestProductDataChangeDateTime'),
      absent('CII-SR-087', 'IndividualTradeProductInstance'),
      absent('CII-SR-088', 'CertificationEvidenceReferenceReferencedDocument'),
      absent('CII-SR-089', 'InspectionReferenceReferencedDocument'),
      absent('CII-SR-096', 'ManufacturerTradeParty'),
      absent('CII-SR-097', 'PresentationSpecifiedBinaryFile'),
      absent('CII-SR-098', 'MSDSReferenceReferencedDocument'),
      absent('CII-SR-099', 'AdditionalReferenceReferencedDocument'),
      absent('CII-SR-100', 'LegalRightsOwnerTradeParty'),
      absent('CII-SR-101', 'BrandOwnerTradeParty'),
      absent('CII-SR-102', 'IncludedReferencedProduct'),
      absent('CII-SR-103', 'InformationNote'),
    ],
  ],
  [
    'SupplyChainTradeTransaction/IncludedSupplyChainTradeLineItem/SpecifiedTradeProduct/OriginTradeCountry',
    [{ id: 'CII-SR-090', path: 'ID', kind: 'exactly-once', severity: 'blocking' }],
  ],
  [
    'SupplyChainTradeTransaction/IncludedSupplyChainTradeLineItem/SpecifiedTradeProduct/ApplicableProductCharacteristic',
    [
      { id: 'CII-SR-069', path: 'Description', kind: 'exactly-once', severity: 'blocking' },
      { id: 'CII-SR-072', path: 'Value', kind: 'exactly-once', severity: 'blocking' },
    ],
  ],
  [
    'SupplyChainTradeTransaction/IncludedSupplyChainTradeLineItem/SpecifiedLineTradeAgreement',
    [
      absent('CII-SR-104', 'BuyerReference'),
      absent('CII-SR-105', 'BuyerRequisitionerTradeParty'),
      absent('CII-SR-106', 'ApplicableTradeDeliveryTerms'),
      absent('CII-SR-107', 'SellerOrderReferencedDocument'),
      absent('CII-SR-109', 'QuotationReferencedDocument'),
      absent('CII-SR-110', 'ContractReferencedDocument'),
      absent('CII-SR-111', 'DemandForecastReferencedDocument'),
      absent('CII-SR-112', 'PromotionalDealReferencedDocument'),
      { id: 'CII-SR-439', path: 'NetPriceProductTradePrice/ChargeAmount', kind: 'exactly-once', severity: 'blocking' },
      {
        id: 'CII-SR-440',
        path: 'GrossPriceProductTradePrice/AppliedTradeAllowanceCharge/ActualAmount',
        kind: 'max-once',
        severity: 'blocking',
      },
      { id: 'CII-SR-441', path: 'NetPriceProductTradePrice/ChargeAmount', kind: 'max-once', severity: 'blocking' },
    ],
  ],
];
