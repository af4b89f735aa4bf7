//! Shared by the untranslated and link-text rules: English words and runs of them in a
//! target text, told apart from names, code-like tokens and acronyms.

use crate::dnt::is_latin_word_char;
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

/// Lowercase English words of the AlchemyInsights English source text: words written in
/// lowercase there at least three times and more often than capitalized mid-sentence (so
/// not names), and kept in Latin script in under 20% of the ko-KR and zh-TW translations
/// of segments whose source has them (so not terms that translations keep, like `cmdlet`).
const VOCABULARY: &str = "
a ability able about above abuse academic accept accepted access accessed accessibility
accessible accessing accessory accidental accidentally accommodate accomplish according
account accounts accurate achieve acknowledge acquire acquired acquiring acquisition
across action actions activate activated activating activation actively activities
activity actual actually adapter adapters adaptive add added adding addition additional
address addressed addresses adds adjust admin administration administrative administrator
administrators admins admit adopted adoption advantage advertisements advise advisory
affect affected affects after again against age agent aggregate aggregated ago agree ahead
alert alerts alias aliases aligned all allocated allow allowed allowing allows almost
alone along already also alternate alternative always am amount amounts an analysis
analyze and announced annually anonymous another answer answers anti antivirus any anymore
anyone anything anywhere appear appearance appearing appears applicable application
applications applied applies apply applying appointment appointments appreciate approach
appropriate approval approve approved approximately archive archiving are area areas aren
around array arrow arrows article articles as ask asked asking asks assess assessment
assign assigned assigning assignment assignments assist assistance assisted associate
associated associations assume asynchronously at attach attached attachment attachments
attack attacks attempt attempted attempting attendance attendee attendees attribute
attributes audience audio audit audited auditing authenticate authenticated authentication
authoring authority authorization authorize authorized auto automate automated automatic
automatically automation availability available avoid aware away back backend background
backup backups bad balance bandwidth bank banner bar based baseline baselines basics basis
batch battery be because become becomes been before begin beginning behalf behaves
behaving behavior behind being believe belong belongs below benefit benefits best better
between beyond bill billed billing bin birth bit bitrate black blank block blocked
blocking blocks blog blue blur body book bookmarks boot both bottom bought bounce box
boxes breach break breakdown breakout bridge briefly brightness bring brings browse
browser browsers browsing budget bug build building builds built bulk bundle businesses
busy but button buttons buy by bypass cable cables cache cached calculated calendar
calendars call called caller callers calling calls camera can cancel canceled canceling
cancellation cancelled cancelling cannot canvas capabilities capability capable capacity
captions capture card cards carefully case cases categories category cause caused causes
causing cell center centers central certain certificate certificates certified challenge
challenges chance change changed changes changing channel channels character characters
charge charged charges charging chart charts chat chats check checkbox checked checking
checkmark checkout checks cheque choice choose choosing chose chosen circle circumstances
claim claims classic classification classified classify clean clear clearing click clicked
clicking clicks client clients close closed closely closing cloud code codes coexistence
collaborate collaboration colleagues collect collected collection collections color colors
column columns combination combined come comes coming command commands comment commenting
comments commercial commitment common commonly communicate communicated communicating
communication communications communities community companies company compared comparing
comparison compatibility compatible complete completed completely completing completion
complex compliant comply component components compose composing comprehensive compromised
computer computers concepts concurrent condition conditions conference confidence
confident configuration configurations configure configured configures configuring confirm
confirmation confirmed conflict conflicting conflicts confused connected connecting
connection connections connectivity connector connectors connects consent consider
consideration considerations considered consistent consists console consumer consumption
contact contacted contacts contain contained container containing contains content
contents context continue continues contract contrast contributor control controlled
controller controllers controls convenience convenient conveniently conversation
conversations convert cookies copied copies copy copying corner corporate correct
corrected correctly correlation corresponding corrupt corrupted corruption cost costs
could couldn count countries country couple cover coverage covered covers crash crashes
crashing crawl crawled crawling create created creates creating creation credential
credentials credit credits criteria critical cross currency current currently cursor
custom customer customers customize customized customizing cutover cutting cycle daemon
daily damaged dark dashboard data database databases date dates day days de deactivate
deactivating deadline deal debit debug decide decline declined decommissioned decrease
decrypted decryption dedicated deep deeper default defaults deferral deferred define
defined defines defining definitions delay delayed delays delegate delegated delegation
delete deleted deletes deleting deletion deliver delivered delivering delivers delivery
demo denied department depend dependent depending depends deploy deployed deploying
deployment deployments deprecated deprecation describe described describes description
descriptions design designation designed desired desktop desktops destination destinations
detail detailed details detect detected detecting detection detections detects
determination determine determined determines develop developed developer developers
development device devices diagnose diagnostic diagnostics dial dialog dictionaries
dictionary did didn difference differences different differently difficulty digital digits
dimension dimensions direct directly disable disabled disables disabling disc discard
disclaimer disclaimers disconnect discontinuation discount discover discoverable
discovered discovery disk dismiss display displayed displaying displays disposal distinct
distribute distribution do doc document documentation documented documents does doesn
doing domain domains don done dots double down download downloaded downloading downloads
draft drag dragging drill drive driven driver drivers drives drop dropdown due duplex
duplicate duplicated duration during dynamic each earlier early easier easiest easily easy
edit edited editing editions editors edits educator educators effect effects either
electronic element elements elevated eligibility eligible eliminate ellipsis else
elsewhere email emails emerging emitted emojis employee employees empower empty enable
enabled enables enabling encode encoder encoding encounter encountered encountering
encourage encrypt encrypted encryption end ended endpoints ends enforce enforced engine
engineer engineering enhance enhanced enhancements enough enroll enrolled enrolling
enrollment ensure ensures ensuring enter entered entering entire entirely entitlement
entity entries entry environment environments equipment equivalent error errors especially
establish estimate evaluate evaluated evaluates even event events eventually every
everyone everything evidence exact exactly examine example examples exceed exceeded
exceeds except exception exceptions exchanges exclude exclusion exclusions executable
execute exist existing exists expand expanded expanding expect expected experience
experiences experiencing expert expiration expire expired expires expiring explain
explained explicitly export exported exporting exports expose exposure express extend
extended extension extensions extensive external externally extra extraction extranet
extremely face facing factors factory faculty fail failed failing fails failure failures
familiar family far farm faster faulty favorite favorites feature features federated feed
feedback feel few fewer field fields file files fill filled filter filtered filtering
filters final financial find finding finds finger fingerprint finish finished finishes
fire firewall first fit fits five fix fixed fixes flag flagged flash flow flows fly flyout
focus folder folders follow followed following follows font for force forecast forest
forgot forgotten form format formats formatted formatting former formerly forum forward
forwarded forwarding found four fraud free freed frequency frequently friendly friends
from full fully function functionality functioning functions funds further future gain
gallery gateway gather gear general generate generated generates generating generation
generic get gets getting give given gives glass global globally go goals goes going gone
good got governance grace gradually grant granted granting granular grayed great greater
grid group groups guest guests guidance guide guided guidelines guides hacked hackers had
half hand handle handled handles hands handy happen happened happening happens hard
hardware harmful has hash hashes hasn have haven having header headers heading healthy
help helpful helps here hidden hide hierarchy high higher highlight highlights highly
history hit hold holding holds homed host hosted hosting hour hours how however hunting
hybrid icon icons ideas identification identified identify identities idle if ignore image
images immediate immediately impact impacted impacting impacts implement implementation
implemented implementing import important imported importing improve improved improvements
in inaccuracy inactive inactivity inbound inbox incident incidents include included
includes including incoming incomplete incorrect incorrectly increase increased increases
incurring independent index indexed indexing indicate indicates indicator indicators
individual individually individuals infected info information informed infrastructure
inheritance inherited inherits initial initials initiate initiated inline input ins insert
inside insider insight install installation installations installed installing installs
instance instances instant instantly instead institute institution institutions
instructions instrument integrate integrated integrating integration intelligence
intelligent intend intended interaction interactive interest interested interface
intermittent intermittently internal international interruption interval intervention into
intranet invalid inventory investigate investigated investigating investigation
investigations invitation invitations invite invited invoice invoices involved involves is
isn isolate issue issued issues it item items its itself job jobs joined joining journal
journaling just keep keeping keeps kept key keyboard keys keywords kind kinds know known
label labeled labeling labels lack language languages laptop large larger last late
latency later latest launch launcher layout lead learn learning least leave leaves leaving
left legacy legal legitimate length less lesson let lets letter letting level levels
libraries library license licensed licenses licensing lifecycle lifetime lifetimes light
like likely limit limitations limited limits line link linked links list listed lists
litigation live ll load loading lobby local locally locate located location locations lock
lockdown locked log logged logging login logo logon logs long longer look looking looks
lookup loop lose lost lot lots low lower machine machines made magnifying mail mailbox
mailboxes mailing main maintain maintenance major make makes making malicious malware
manage managed management manages managing manifest manner manual manually manufacturer
many map mapped mapping mappings mark marked markings master match matches matching
maximum may me mean meaning means meantime measure mechanism media meet meeting meetings
meets member members membership memory mentioned menu merge message messages messaging met
method methods mic microphone mid middle might migrate migrated migrating migration
migrations mind minimize minimum minor minute minutes misconfigured missed missing mistake
mitigate mitigations mix mobile mode model modem modern modifications modified modify
module monetary money monitor monitored monitoring monitors month monthly months more most
mountpoint mouse move moved moves moving much multiple must my name named names
nameservers narrow navigate navigating navigation near necessary need needed needs
negatives network networks neutral never new newer newest newly news newsletters next
nickname night nine no non none nonfunctional nor normal normally not note notebook
notebooks noted notes nothing notice noticed notification notifications notified notify
now number numbers object objects obligations observe observed obtain occasionally occur
occurred occurring occurs of off offer offered offers often old older on onboard onboarded
onboarding once one ongoing only ons onto open opened opening opens operating operation
operations opted optimal optimize optimized option optional optionally options or order
org organization organizational organizations organize organized organizer organizers
original originally other others otherwise our out outage outbound outgoing outlined
output outside outstanding over overage overall overdue overlay override overrides overuse
overwritten own owned owner owners ownership package packages pad page pages paid pane
parameter parameters parent parental part partially participant participants participate
participation particular partner partners parts party pass passcode passed password
passwords past paste path paths pathways pause paused pay paying payment payments peer
penalty pencil pending people per perform performance performant performed performing
performs period periods permanent permanently permission permissions permitted persist
persists person personal personalized personally pertaining phase phish phishing phone
phones photo photos phrase physical pick picture pictures pilot place placed places plan
planning plans platforms playback playing please plug plugged point points polices
policies policy poll pool poor popular populate populated port portals ports positive
positives possible post posted posting posts potential potentially powered powerful
practice practices pre precise prefer preferences preferred premise premises prepaid
preparation prepare prepared preparing prerequisites presence present presentation
presented presenting preserve press pressing prevent preventing prevention prevents
preview previewing previews previous previously price pricing primary principal principals
print printer printers printing prior priority privacy private privilege privileges
proactively probably problem problems procedure proceed process processed processes
processor produce produced product production productive productivity products profile
profiles profits program programmatically programs progress progressively projections
projects promise promoted promotions prompt prompted prompts propagate proper properly
properties property prorated protect protected protecting protocol protocols provide
provided provider providers provides providing provision provisioned provisioning
proximity public publish published publishes publishing pull purchase purchased purchases
purchasing purge purpose purposes qualify quality quantity quarantine quarantined que
queries query querying question questions queue quick quickly quiz quota raise raised
range ranges rare rate rates rather re reach reachable reached reaches reactivate
reactivated read reader reading ready real really reason reasons reassign recall receipt
receipts receive received receives receiving recent recently recipient recipients
recognition recognize recognized recommend recommendation recommendations recommended
recommends reconnect record recorded recording recordings records recover recovered
recovering recreate recurring recycle red redirect redirected redirecting redirects reduce
reducing reduction refer reference referred refine reflect reflected reflects refresh
refund refunds regarding regardless region regional regions register registered
registering registrar registration registrations registry regular regularly regulatory
reinstall reinstalling related relationship relationships relay relayed release released
relevant reliability reliable relies remain remainder remaining remains remediate
remediation reminder reminders remote remotely removable removal remove removed removes
removing rename renamed renaming renew renewal renewed reopen repair repeat repeated
repeatedly rephrase replace replacement replacing replica replicate replies reply report
reported reporting reports representative reproduce reputation request requested
requesting requests require required requirement requirements requires requiring
requisites researcher researchers reseller reservation reservations reserved reset resets
resetting residency resides resiliency resize resolution resolutions resolve resolved
resolves resolving resource resources respective respond responding responds response
responses responsible restart restarting restarts restore restored restoring restrict
restricted restricting restriction restrictions restrictive resubmit result resulting
results resume retail retain retained retaining retention retired retirement retrieve
retry return returned returning returns reusable revert review reviewed reviewers
reviewing reviews revoke ribbon rich right rigorous ring risk risks robust role roles roll
rolled rolling rollout rooms root routed router row rows rule rules run running runs
safeguard safeguards safety sales same sample samples satisfy save saved saving saw say
says scale scam scan scanned scanner scanners scans scenario scenarios schedule scheduled
scheduling school scope scoped scopes scoping screen screens screenshot script scripts
scroll seamlessly search searchable searches searching seats second secondary seconds
section sections secure securely security see seeing seem seen select selected selecting
selection selections selects self send sender senders sending sends sensitive sensitivity
sensor sensors sent separate series servers service services session sessions set sets
setting settings settle setup seven several severity share shared shares sharing shipping
short shortcut shortcuts should show showing shown shows shut side sides sign signals
signature signatures signed significant signing signs similar simple simplicity simplified
simplify simply simulated since site sitemap sites situation situations size skip skipped
sleep slide slider slides slideshow slow small smaller smart so social software sold solid
solution solutions solve some someone something sometimes soon sort sorted sound sounds
source sources space spaces spam speaker speakers special specialize specific
specifications specified specify speed speeds spell spelling spending spoof spoofing staff
stage stages stale stand standalone standards start started starting starts startup state
stated statement states static status stay stays steady step steps stereo still stolen
stop stopped stopping stops storage stored stores strategy streaming string strings strong
strongly structure stuck student students style sub subdomain subfolder subject sublabel
submission submit submitted submitting subscribe subscribed subscribers subscription
subscriptions subsequent subset subsite subsites success successful successfully such
sufficient suggest suggested suggestions sum summary supervised supply support supported
supports sure survey suspect suspected suspend suspended suspicious swap swipe switch
switched switches switching sync synced synchronization synchronize synchronized
synchronizing syncing syncs syntax system systems tab table tables tablet tablets tabs tag
tags tailored take taken takes taking talk tap target targeted targeting task taskbar
tasks tax taxes teacher teachers teaching team teammates technical technique technology
telephony tell tells template templates temporarily temporary tenant tenants term terms
test tested testing text than that the their them theme themes themselves then there
therefore these they thing things think third this those though thread threads threats
three threshold throttled throttling through throughout ticket tied tile tiles time timer
times tip tips title titled to today together toggle token tokens toll too tool toolbar
tools top topic topics topologies topology total touch trace traces track tracked trackers
tracking traditional traffic training transaction transactions transcript transfer
transferred transfers transition transport trash trial tried tries trigger triggered
triggering trouble troubleshoot troubleshooter troubleshooting trust trusted try trying
turn turned turning turns tutorials two type types typical typically typing typos un
unable unassign unavailable unblock unblocked uncheck under underlying understand
understanding undo unexpected unexpectedly unformatted unified uninstall uninstalling
unique unit units unknown unless unlimited unlink unlock unlocked unlocking unmanaged
unnecessary unplug unprecedented unread unsuccessful unsure until unused unusual unwanted
up upcoming update updated updates updating upgrade upgraded upgrades upgrading upload
uploaded uploading uploads upon upper us usage use used useful user username users uses
using usually utilization utilize valid validate validated validating validation value
values variety various vaulting ve vendor vendors verdict verification verified verify
verifying versa version versioning versions very vice video videos view viewers viewing
views virtualization virtually virus viruses visibility visible visit visiting vote
vulnerabilities wait waiting waits walk want wants warned warning warranty was wasn way
ways we webinar webinars webpage website websites weeks welcome well went were what when
whenever where whether which whichever while white who whole whom whose why wide wildcard
will window wipe wire wireless wish with within without wizard won words work workaround
workarounds workbook workbooks worked workflow workflows working workloads workplace works
workspace workstation world would write writeback written wrong year yearly yellow yet you
your yourself zero zone zones
";

fn vocabulary() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| VOCABULARY.split_whitespace().collect())
}

/// Whether a lowercase word is a common English word.
pub fn is_common_word(lower: &str) -> bool {
    vocabulary().contains(lower)
}

/// Short words that join the words of a title or a name ("Skype for Business").
pub fn is_connector(lower: &str) -> bool {
    matches!(
        lower,
        "a" | "an"
            | "the"
            | "and"
            | "or"
            | "of"
            | "for"
            | "in"
            | "on"
            | "to"
            | "with"
            | "at"
            | "by"
            | "from"
            | "as"
            | "into"
            | "via"
    )
}

/// Hangul, CJK ideographs or kana.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF)
}

pub fn has_cjk(s: &str) -> bool {
    s.chars().any(is_cjk)
}

/// Whether a locale's script is Korean, Chinese or Japanese.
pub fn is_cjk_locale(locale: &str) -> bool {
    let lang = locale.split(['-', '_']).next().unwrap_or("");
    ["ko", "zh", "ja"]
        .iter()
        .any(|l| lang.eq_ignore_ascii_case(l))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordKind {
    /// Acronyms, camelCase and code-like tokens, numbers, file and host names: not words a
    /// translator translates.
    Neutral,
    Word {
        /// Every part (of `on-premises`) is a common English word.
        common: bool,
        /// Written in lowercase.
        lowercase: bool,
        /// A hyphenated common word whose later parts are lowercase (`On-premises`,
        /// `sign-in`): an ordinary word even when capitalized.
        compound: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte range within the analysed text.
    pub start: usize,
    pub end: usize,
    pub kind: WordKind,
}

impl Token {
    /// A lowercase common word that is not a connector, or a common compound.
    pub fn is_strong(&self, text: &str) -> bool {
        match self.kind {
            WordKind::Word {
                common: true,
                lowercase,
                compound,
            } => {
                compound
                    || (lowercase
                        && self.end - self.start >= 2
                        && !is_connector(&text[self.start..self.end]))
            }
            _ => false,
        }
    }

    pub fn is_word(&self) -> bool {
        matches!(self.kind, WordKind::Word { .. })
    }

    pub fn is_common(&self) -> bool {
        matches!(self.kind, WordKind::Word { common: true, .. })
    }

    pub fn is_capitalized(&self, text: &str) -> bool {
        text[self.start..].starts_with(|c: char| c.is_uppercase())
    }
}

fn is_delimiter(c: char) -> bool {
    c.is_whitespace()
        || is_cjk(c)
        || matches!(
            c,
            '(' | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '<'
                | '>'
                | '"'
                | '“'
                | '”'
                | '«'
                | '»'
                | ','
                | ';'
                | '!'
                | '?'
                | '*'
                | '|'
                | '、'
                | '。'
                | '，'
                | '：'
                | '；'
                | '「'
                | '」'
                | '『'
                | '』'
                | '（'
                | '）'
                | '！'
                | '？'
                | '《'
                | '》'
                | '〈'
                | '〉'
                | '…'
        )
}

fn classify(word: &str) -> WordKind {
    let letters_only = word.split(['-', '\'', '’']).all(|p| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_alphabetic() && is_latin_word_char(c))
    });
    if !letters_only {
        return WordKind::Neutral;
    }
    let parts: Vec<&str> = word.split('-').collect();
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    // Acronyms (AD, MFA), camelCase (PowerShell, eDiscovery, iPhone), Verb-Noun (Get-Mailbox).
    if letters >= 2 && upper == letters {
        return WordKind::Neutral;
    }
    let camel = parts
        .iter()
        .any(|p| p.chars().skip(1).any(char::is_uppercase));
    let all_capitalized_parts =
        parts.len() > 1 && parts.iter().all(|p| p.starts_with(char::is_uppercase));
    if camel || all_capitalized_parts {
        return WordKind::Neutral;
    }
    // Lowercase on the stack for the usual short ASCII word; allocate only otherwise.
    let mut buf = [0u8; 48];
    let owned;
    let lower: &str = if word.is_ascii() && word.len() <= buf.len() {
        buf[..word.len()].copy_from_slice(word.as_bytes());
        buf[..word.len()].make_ascii_lowercase();
        std::str::from_utf8(&buf[..word.len()]).expect("ASCII")
    } else {
        owned = word.to_lowercase();
        &owned
    };
    let common = lower.split(['-', '\'', '’']).enumerate().all(|(i, p)| {
        is_common_word(p) || (i > 0 && matches!(p, "s" | "t" | "re" | "ll" | "ve" | "d" | "m"))
    });
    WordKind::Word {
        common,
        lowercase: upper == 0,
        compound: common && parts.len() > 1 && parts[1..].iter().all(|p| upper_free(p)),
    }
}

fn upper_free(s: &str) -> bool {
    !s.chars().any(char::is_uppercase)
}

/// The Latin tokens of `text`: whitespace-, CJK- and punctuation-delimited, with trailing
/// `.`, `:` and quotes taken off, each classified.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if is_delimiter(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            if is_delimiter(d) {
                break;
            }
            end = j + d.len_utf8();
            iter.next();
        }
        let raw = &text[i..end];
        let trimmed_end = raw.trim_end_matches(['.', ':', '\'', '’', '‘']);
        let lead = raw.len() - raw.trim_start_matches(['\'', '‘', '’']).len();
        if trimmed_end.len() <= lead {
            continue;
        }
        let (s, e) = (i + lead, i + trimmed_end.len());
        let word = &text[s..e];
        // A leading `-` or `$` (`-Identity`, `$true`) or a `.` right before (`.pst`) is code.
        let before = text[..i].chars().next_back();
        let kind = if before == Some('.') || raw.starts_with(['-', '$', '/', '\\', '@']) {
            WordKind::Neutral
        } else {
            classify(word)
        };
        out.push(Token {
            start: s,
            end: e,
            kind,
        });
    }
    out
}

/// Consecutive word tokens separated only by spaces: one phrase as a reader sees it.
/// Tokens overlapping a `shield` range (names, skipped spans) are not words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub tokens: Vec<Token>,
}

impl Run {
    pub fn start(&self) -> usize {
        self.tokens[0].start
    }

    pub fn end(&self) -> usize {
        self.tokens[self.tokens.len() - 1].end
    }

    /// Has a lowercase common word (not a connector) or a common compound.
    pub fn is_strong(&self, text: &str) -> bool {
        self.tokens.iter().any(|t| t.is_strong(text))
    }
}

/// Whether a text reads as English: at least half of its words are common English words.
pub fn looks_english(text: &str) -> bool {
    let words: Vec<Token> = tokens(text).into_iter().filter(Token::is_word).collect();
    words.iter().filter(|t| t.is_common()).count() * 2 >= words.len()
}

pub fn runs(text: &str, shield: &[(usize, usize)]) -> Vec<Run> {
    let shielded = |t: &Token| shield.iter().any(|&(s, e)| t.start < e && s < t.end);
    let mut out: Vec<Run> = Vec::new();
    let mut current: Vec<Token> = Vec::new();
    for t in tokens(text) {
        let usable = t.is_word() && !shielded(&t);
        if usable {
            let joined = current.last().is_some_and(|prev| {
                text[prev.end..t.start]
                    .chars()
                    .all(|c| c == ' ' || c == '\u{a0}')
            });
            if !joined && !current.is_empty() {
                out.push(Run {
                    tokens: std::mem::take(&mut current),
                });
            }
            current.push(t);
        } else if !current.is_empty() {
            out.push(Run {
                tokens: std::mem::take(&mut current),
            });
        }
    }
    if !current.is_empty() {
        out.push(Run { tokens: current });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> Vec<(&str, bool)> {
        runs(t, &[])
            .iter()
            .map(|r| (&t[r.start()..r.end()], r.is_strong(t)))
            .collect()
    }

    #[test]
    fn runs_and_strength() {
        assert_eq!(
            words("[On-premises 조건부 액세스를 설정하는 방법"),
            [("On-premises", true)]
        );
        assert_eq!(words("Enable Device 回寫"), [("Enable Device", false)]);
        assert_eq!(words("go to the 설정"), [("go to the", true)]);
        assert_eq!(
            words("PowerShell Get-Mailbox -Identity .pst AD FS 2.0 file.txt"),
            Vec::<(&str, bool)>::new()
        );
        assert_eq!(words("Home and Business"), [("Home and Business", false)]);
    }
}
