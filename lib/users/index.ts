/** The users' servers: single-user options, storage, profiles, volumes, node pools. */
export { NodePool, NodePurpose } from './node-pool';
export type { NodePoolOptions } from './node-pool';
export { SingleUserServerApp, SingleUserStorage, UserVolume } from './single-user';
export type {
  DynamicStorageOptions,
  SharedStorageOptions,
  SingleUserOptions,
  UserContainer,
  UserEmptyDirOptions,
  UserFilesVolumeOptions,
  UserVolumeMountOptions,
} from './single-user';
export type {
  FreeFormImageChoice,
  ProfileChoice,
  ProfileOption,
  ProfileSettings,
  SingleUserProfile,
  UserNodePool,
} from './profile';
export type { INfsStorage, SharedHome } from './shared-home';
