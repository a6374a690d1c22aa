export { RoomPlacementEditor } from './RoomPlacementEditor.js';
