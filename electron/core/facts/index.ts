export { dossierFacts, dossierDocuments, documentLoader } from './dossier-facts';
export { factService, type FactService, type FactCorrection } from './service';
export { dossierReader, checkDossier, factDocuments, procedureInference, registerOf, type DossierReading, type DossierCheck } from './document-facts';
