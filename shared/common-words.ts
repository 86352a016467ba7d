/**
 * Frequent English words: the function words and the general vocabulary of everyday and business prose (about
 * 1347 words), compiled by hand for this project from general knowledge of English word frequency, not copied from a
 * published frequency list. It is used for two things:
 *   - the suggester (shared/suggest.ts) never lets such a word decide a suggestion on its own, because an answer
 *     that says "cost", "risk" or "view" has not yet said anything specific;
 *   - the pack validator (shared/validate-pack.ts) warns about a keyword that is one of these words alone.
 * Some words here have a technical sense in ML ("policy", "value", "teacher"); that is the point: on its own such
 * a word is heard in weak answers as often as in strong ones, so it has to come with another keyword or a phrase.
 * Words are lowercase, unaccented, letters only: compare them with tokens from shared/suggest.ts's tokenize.
 */
const WORDS = `
  a ability able about above account across act action activity actually add address administration admit adult
  affect afraid after again against age agency agent ago agree agreement ahead air all allow almost alone along
  already also although always am among amount an analysis and anger animal another answer any anyone anything
  anyway anywhere appear apple approach are area argue arm around arrange arrive art article artist as ask assume
  at atom attack attention audience author authority available avoid away baby back bad bag ball band bank bar
  base basic be bear beat beautiful beauty become becomes becoming bed been before began begin behavior behaviour
  behind being believe bell below benefit beside besides best better between beyond big bill billion bird bit
  black block blood blow blue board boat body bone book born both bottom bought box boy branch bread break bright
  bring broad brother brought brown budget build building burn business busy but buy by call came camera camp
  campaign can candidate cannot capital car card care career carry case cat catch caught cause cell cent center
  central centre century certain certainly chair challenge chance change character charge chart check chief child
  children choice choose church circle citizen city civil claim class clean clear clearly climb clock close cloud
  coach coast coat cold collect collection color colour column come comes coming commercial common community
  company compare complete computer concern condition conference connect consider consumer contain continue
  control cook cool copy corn corner correct cost costs could count country couple course court cover cow create
  crime crop cross crowd cry culture cup current customer cut dad dance danger dark data daughter day dead deal
  dear death debate decade decide decision deep defense degree department depend describe desert design despite
  detail details determine develop development did die differ difference different difficult dinner direct
  direction directly director discover discuss discussion disease distant divide division do doctor does dog
  dollar done door double down draw dream dress drink drive drop drug dry during each ear early earth ease easily
  east easy eat economic economy edge education effect effort egg eight either election electric element else
  elsewhere employee end enemy energy engine enjoy enough enter entire environment environmental equal especially
  even evening event ever every everybody everyone everything everywhere evidence exact exactly example except
  exercise expect experience experiment expert explain eye face fact factor fail fair fairly fall family famous
  far farm fast fat father favor favour fear feed feel feeling feet fell felt few field fight figure fill film
  final finally financial find fine finger finish fire firm first fish fit five flat floor flow flower fly focus
  follow following food foot for force foreign forest forget form former forward found four free fresh friend from
  front fruit full fun fund future game garden gas gather gave general generation gentle get gets getting girl
  give given gives giving glad glass go goal goes going gold gone good got government grand grass gray great green
  grew grey ground group grow growth guess guide guy had hair half hand happen happens happy hard hardly has hat
  have having he head health hear heard heart heat heavy held help helps her here herself high hill him himself
  his history hit hold hole home hope horse hospital hot hotel hour house how however huge human hundred hunt
  hurry husband i ice idea identify if image imagine impact important improve in include includes including
  increase indeed indicate individual industry information inside instant instead instrument interest
  international interview invent investment involve iron is island issue issues it item items itself job join joy
  jump just keep keeps kept key kid kill kind king kitchen knew know knowledge known lady lake land language large
  last late later laugh law lawyer lay lead leader learn least leave led left leg legal length less let letter
  level lie life lift light like likely line liquid list listen little live local locate log long look lost lot
  lots loud love low machine made magazine main maintain major make man manage management manager many map mark
  market marriage mass master match material matter may maybe me mean meaning means meant measure meat media
  medical meet meeting member memory men mention message metal method middle might military milk million mind mine
  minute miss mission mix model modern moment money month moon more moreover morning most mostly mother motion
  mountain mouth move movement movie much music must my myself name nation national natural nature near nearly
  necessarily necessary neck need needs neighbor neighbour neither network never new news newspaper next nice
  night nine no nobody noise none noon nor north nose not note nothing notice now number object observe occur
  ocean of off offer office official often oh oil okay old on once one ones only onto open operate operation
  opportunity opposite option or order organ organization original other others otherwise ought our ourselves out
  outside over overall own owner page pain paint painting pair paper paragraph parent part participant particular
  particularly partner party pass past path patient pattern pay peace people perform performance perhaps period
  person personal phone phrase physical pick picture piece pitch place plain plan plane planet plant play player
  please poem point police policy political politics poor popular population port position positive possible post
  potential power practice prepare present press pressure pretty prevent price print private probable probably
  problem process produce product production professional professor program project proper property protect
  provide public pull purpose push put quality question quick quickly quiet quite race radio rail rain raise ran
  range rate rather reach read ready real realize really reason receive recent recently recognize record red
  reduce reflect region relate relationship religious remain remember remove repeat reply report represent require
  research resource respond response responsibility rest result return reveal rich ride right ring rise risk river
  road rock role roll room root rope rose round row rule run safe said salt same sand sat save saw say saying
  scale scene school science score sea search season seat second section security see seed seem seems select self
  sell send senior sense sent sentence separate series serious serve service set settle seven several shall shape
  share sharp she sheet shell shine ship shoe shoot shop shore short should shoulder shout show shows side sight
  sign significant silent silver similar simple simply since sing single sister sit situation six size skill skin
  sky sleep slip slow small smell smile snow so social society soft soil solution solve some somebody someone
  something sometimes somewhat somewhere son song soon sort sound source south southern space speak special
  specific speech speed spend spoke sport spot spread spring square staff stage stand standard star start state
  statement station stay steam steel step stick still stock stone stood stop store story straight strange strategy
  stream street stretch string strong structure student study style subject substance success successful such
  sudden suffer sugar suggest suit summer sun supply support sure surface surprise swim symbol system table tail
  take taken taking talk tall task tax teach teacher team technology teeth television tell temperature ten tend
  term test than thank that thats the their them themselves then theory there thereby therefore these they thick
  thin thing things think third this those though thought thousand threat three through throughout throw thus tie
  time tiny to today together told tone too took tool top total touch tough toward towards town track trade
  traditional train travel treatment tree trial triangle trip trouble truck true truth try tube turn twenty two
  type under understand unit unless unlike until up upon us use used useful uses using usual usually valley value
  various vary versus very via victim view village violence visit voice wait walk wall want wants war warm was
  wash watch water wave way ways we wear weather week weight well went were west western what whatever wheel when
  whenever where wherever whether which while white who whoever whole whom whose why wide wife wild will win wind
  window wing winter wire wish with within without woman women wonder wood word work worker world would write
  written wrong wrote yard year yellow yes yet you young your yourself
`;

export const COMMON_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter((w) => w !== ''));

const ENDINGS = ['s', 'es', 'd', 'ed', 'ing', 'ly'];

/**
 * Whether a single token (already folded and lowercased, as tokenize returns it) is a frequent English word or one
 * of its plain inflections ("costs", "viewed", "supporting").
 */
export function isCommonWord(token: string): boolean {
  if (COMMON_WORDS.has(token)) return true;
  return ENDINGS.some((e) => token.length > e.length + 2 && token.endsWith(e) && COMMON_WORDS.has(token.slice(0, -e.length)));
}
