/** Signed, encrypted, streamable packages (docs/packages.md). */
export { KeyCache, inspectPackage, refuse, type ContainerReadOptions, type ContainerWriteOptions, type ContainerWritten, type PackageInfo, type RefusalReason, type Signer } from './container';
export { readPackage, writePackage, type OpenedPackage, type PackageEntry, type PackageWriter } from './entries';
export { DEFAULT_PART_SIZE, DEFAULT_SCRYPT, FORMAT_VERSION, type PackageKind, type ScryptParams } from './format';
