// The show view of a number of seconds or bytes (see units.jsx).
import { UnitShow } from './units.jsx';

export default UnitShow;
