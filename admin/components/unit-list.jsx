// The list view of a number of seconds or bytes (see units.jsx).
import { UnitValue } from './units.jsx';

export default UnitValue;
