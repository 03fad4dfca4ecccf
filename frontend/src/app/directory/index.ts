/** The directory feature's public entry (companies and contacts, «Списки»): see deals/index.ts. */
export { DirectoryApi } from './data-access/directory-api';
export type { Company, Contact, DirectoryEntity } from './data-access/models';
export { companyFieldsRoutes, contactFieldsRoutes } from './directory-fields';
export { directoryRoutes } from './directory.routes';
export { DirectoryPicker } from './picker/directory-picker';
export type { PickedRecord } from './picker/directory-picker';
export { recordForDeal } from './duplicates/record-for-deal';
export type { ListsRecord, TypedRecord } from './duplicates/record-for-deal';
