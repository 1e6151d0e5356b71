export { dossierFacts, dossierDocuments, documentLoader } from './dossier-facts';
export { factService, type FactService, type FactCorrection } from './service';
