// The edit view of a number of seconds or bytes (see units.jsx).
import { UnitEdit } from './units.jsx';

export default UnitEdit;
