export const APP_NAME = 'Dossier Review 案卷评查';
export const APP_VERSION = '0.1.0';
