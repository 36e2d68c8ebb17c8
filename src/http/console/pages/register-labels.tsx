import type { Lang, Message, T } from "../i18n.js";

/**
 * The register's words, as a clerk reads them: the API's English enumerations (NY/T 2539, GB/T 4761, RCEO Law) in
 * Chinese first and in English, and the names of the regions a hukou fact names. Pages of the collective's register
 * (members, households, plots, homesteads, equity) share them.
 */
type Labels<K extends string> = Record<K, Message>;

/** A label of an enumeration value; an unknown value is shown as it is (a newer API word the page does not know). */
export function labelOf<K extends string>(t: T, labels: Labels<K>, value: string | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const known = (labels as Record<string, Message | undefined>)[value];
  return known ? t(known) : value;
}

export const RELATION: Labels<"head" | "spouse" | "son" | "daughter" | "father" | "mother" | "grandchild" | "other-relative" | "non-relative"> = {
  head: { zh: "户主", en: "Head" },
  spouse: { zh: "配偶", en: "Spouse" },
  son: { zh: "子", en: "Son" },
  daughter: { zh: "女", en: "Daughter" },
  father: { zh: "父亲", en: "Father" },
  mother: { zh: "母亲", en: "Mother" },
  grandchild: { zh: "孙子女", en: "Grandchild" },
  "other-relative": { zh: "其他亲属", en: "Other relative" },
  "non-relative": { zh: "非亲属", en: "Not a relative" },
};

export const BASIS: Labels<"original" | "birth" | "marriage" | "adoption" | "resettlement" | "other"> = {
  original: { zh: "原始成员（改革中确认）", en: "Original member (confirmed in the reform)" },
  birth: { zh: "出生", en: "Birth" },
  marriage: { zh: "婚姻", en: "Marriage" },
  adoption: { zh: "收养", en: "Adoption" },
  resettlement: { zh: "移民安置", en: "Resettlement" },
  other: { zh: "其他", en: "Other" },
};

export const MEMBER_STATUS: Labels<"active" | "ended"> = {
  active: { zh: "在册", en: "Active" },
  ended: { zh: "已终止", en: "Ended" },
};

export const END_REASON: Labels<"death" | "lost-nationality" | "joined-other-collective" | "became-civil-servant" | "voluntary-exit" | "charter"> = {
  death: { zh: "死亡", en: "Death" },
  "lost-nationality": { zh: "丧失中华人民共和国国籍", en: "Lost Chinese nationality" },
  "joined-other-collective": { zh: "已取得其他集体成员身份", en: "Member of another collective" },
  "became-civil-servant": { zh: "成为公务员（依章程）", en: "Became a civil servant (charter)" },
  "voluntary-exit": { zh: "书面自愿退出", en: "Left voluntarily, in writing" },
  charter: { zh: "章程规定的其他情形", en: "Another ground of the charter" },
};

export const ID_TYPE: Labels<"resident-id" | "military" | "organization-code" | "household-book" | "passport" | "other"> = {
  "resident-id": { zh: "居民身份证", en: "Resident ID card" },
  military: { zh: "军官证", en: "Military ID" },
  "organization-code": { zh: "组织机构代码", en: "Organization code" },
  "household-book": { zh: "户口簿", en: "Household register booklet" },
  passport: { zh: "护照", en: "Passport" },
  other: { zh: "其他证件", en: "Other document" },
};

export const SEX: Labels<"male" | "female"> = {
  male: { zh: "男", en: "Male" },
  female: { zh: "女", en: "Female" },
};

export const HOUSEHOLD_STATUS: Labels<"active" | "dissolved"> = {
  active: { zh: "正常", en: "Active" },
  dissolved: { zh: "已注销（分户或合户）", en: "Dissolved (split or merged)" },
};

export const HOUSEHOLD_ORIGIN: Labels<"registered" | "split" | "merge"> = {
  registered: { zh: "登记", en: "Registered" },
  split: { zh: "分户", en: "Split" },
  merge: { zh: "合户", en: "Merge" },
};

export const JOIN_REASON: Labels<"birth" | "marriage" | "adoption" | "other" | "split" | "merge"> = {
  birth: { zh: "出生", en: "Birth" },
  marriage: { zh: "婚入", en: "Married in" },
  adoption: { zh: "收养", en: "Adoption" },
  other: { zh: "其他", en: "Other" },
  split: { zh: "分户", en: "Split" },
  merge: { zh: "合户", en: "Merge" },
};

export const LEAVE_REASON: Labels<"death" | "marriage-out" | "joined-other-household" | "other" | "split" | "merge"> = {
  death: { zh: "死亡", en: "Death" },
  "marriage-out": { zh: "婚出", en: "Married out" },
  "joined-other-household": { zh: "加入其他户", en: "Joined another household" },
  other: { zh: "其他", en: "Other" },
  split: { zh: "分户", en: "Split" },
  merge: { zh: "合户", en: "Merge" },
};

export const CONTRACT_MODE: Labels<"household" | "other"> = {
  household: { zh: "家庭承包", en: "Household contracting" },
  other: { zh: "其他方式承包", en: "Other contracting" },
};

export const LAND_USE: Labels<"cropping" | "forestry" | "livestock" | "fishery" | "non-farm"> = {
  cropping: { zh: "种植业", en: "Cropping" },
  forestry: { zh: "林业", en: "Forestry" },
  livestock: { zh: "畜牧业", en: "Livestock" },
  fishery: { zh: "渔业", en: "Fishery" },
  "non-farm": { zh: "非农用途", en: "Non-farm use" },
};

export const PLOT_CATEGORY: Labels<"contracted" | "private" | "reserved" | "reclaimed" | "other"> = {
  contracted: { zh: "承包地块", en: "Contracted plot" },
  private: { zh: "自留地", en: "Private plot" },
  reserved: { zh: "机动地", en: "Reserved land" },
  reclaimed: { zh: "开荒地", en: "Reclaimed land" },
  other: { zh: "其他", en: "Other" },
};

export const HOMESTEAD_ORIGIN: Labels<"grant" | "existing"> = {
  grant: { zh: "新批", en: "New grant" },
  existing: { zh: "既有（历史形成）", en: "Existing (legacy)" },
};

export const HOMESTEAD_STATUS: Labels<"active" | "cancelled"> = {
  active: { zh: "有效", en: "Active" },
  cancelled: { zh: "已注销", en: "Cancelled" },
};

export const ANNOTATION: Labels<"over-area" | "multiple-homesteads" | "note"> = {
  "over-area": { zh: "超面积", en: "Over the area cap" },
  "multiple-homesteads": { zh: "一户多宅", en: "More than one homestead" },
  note: { zh: "附记", en: "Note" },
};

export const TITLE_ACT: Labels<"first-registration" | "transfer" | "withdrawal" | "succession" | "correction" | "household-split" | "household-merge"> = {
  "first-registration": { zh: "首次登记", en: "First registration" },
  transfer: { zh: "转让", en: "Transfer" },
  withdrawal: { zh: "退出", en: "Withdrawal" },
  succession: { zh: "继承", en: "Succession" },
  correction: { zh: "更正", en: "Correction" },
  "household-split": { zh: "分户", en: "Household split" },
  "household-merge": { zh: "合户", en: "Household merge" },
};

export const HOLDER_KIND: Labels<"household" | "person" | "collective"> = {
  household: { zh: "农户", en: "Household" },
  person: { zh: "个人", en: "Person" },
  collective: { zh: "集体", en: "Collective" },
};

export const ENCUMBRANCE_KIND: Labels<"objection" | "seizure" | "pledge" | "management-right"> = {
  objection: { zh: "异议登记", en: "Objection" },
  seizure: { zh: "查封", en: "Seizure" },
  pledge: { zh: "抵押/质押", en: "Pledge" },
  "management-right": { zh: "土地经营权登记", en: "Management right" },
};

export const ENCUMBRANCE_STATUS: Labels<"in-effect" | "lifted" | "lapsed" | "expired"> = {
  "in-effect": { zh: "有效", en: "In effect" },
  lifted: { zh: "已注销", en: "Lifted" },
  lapsed: { zh: "已失效", en: "Lapsed" },
  expired: { zh: "已到期", en: "Expired" },
};

export const HOLDING_ANNOTATION: Labels<"deceased" | "former-member" | "non-member-heir"> = {
  deceased: { zh: "持有人已故", en: "Holder deceased" },
  "former-member": { zh: "原成员", en: "Former member" },
  "non-member-heir": { zh: "非成员继承人", en: "Heir, not a member" },
};

export const YES_NO = (t: T, value: boolean) => t(value ? { zh: "是", en: "Yes" } : { zh: "否", en: "No" });

// ---- regions a hukou fact names ---------------------------------------------------------------------------------

const PROVINCES: Record<string, Message> = {
  "11": { zh: "北京", en: "Beijing" },
  "12": { zh: "天津", en: "Tianjin" },
  "13": { zh: "河北", en: "Hebei" },
  "14": { zh: "山西", en: "Shanxi" },
  "15": { zh: "内蒙古", en: "Inner Mongolia" },
  "21": { zh: "辽宁", en: "Liaoning" },
  "22": { zh: "吉林", en: "Jilin" },
  "23": { zh: "黑龙江", en: "Heilongjiang" },
  "31": { zh: "上海", en: "Shanghai" },
  "32": { zh: "江苏", en: "Jiangsu" },
  "33": { zh: "浙江", en: "Zhejiang" },
  "34": { zh: "安徽", en: "Anhui" },
  "35": { zh: "福建", en: "Fujian" },
  "36": { zh: "江西", en: "Jiangxi" },
  "37": { zh: "山东", en: "Shandong" },
  "41": { zh: "河南", en: "Henan" },
  "42": { zh: "湖北", en: "Hubei" },
  "43": { zh: "湖南", en: "Hunan" },
  "44": { zh: "广东", en: "Guangdong" },
  "45": { zh: "广西", en: "Guangxi" },
  "46": { zh: "海南", en: "Hainan" },
  "50": { zh: "重庆", en: "Chongqing" },
  "51": { zh: "四川", en: "Sichuan" },
  "52": { zh: "贵州", en: "Guizhou" },
  "53": { zh: "云南", en: "Yunnan" },
  "54": { zh: "西藏", en: "Tibet" },
  "61": { zh: "陕西", en: "Shaanxi" },
  "62": { zh: "甘肃", en: "Gansu" },
  "63": { zh: "青海", en: "Qinghai" },
  "64": { zh: "宁夏", en: "Ningxia" },
  "65": { zh: "新疆", en: "Xinjiang" },
  "71": { zh: "台湾", en: "Taiwan" },
  "81": { zh: "香港", en: "Hong Kong" },
  "82": { zh: "澳门", en: "Macao" },
};

/** Cities where Shandong's villagers most often settle (GB/T 2260 prefecture codes), and other large cities. */
const CITIES: Record<string, Message> = {
  "3701": { zh: "济南", en: "Jinan" },
  "3702": { zh: "青岛", en: "Qingdao" },
  "3703": { zh: "淄博", en: "Zibo" },
  "3704": { zh: "枣庄", en: "Zaozhuang" },
  "3705": { zh: "东营", en: "Dongying" },
  "3706": { zh: "烟台", en: "Yantai" },
  "3707": { zh: "潍坊", en: "Weifang" },
  "3708": { zh: "济宁", en: "Jining" },
  "3709": { zh: "泰安", en: "Tai'an" },
  "3710": { zh: "威海", en: "Weihai" },
  "3711": { zh: "日照", en: "Rizhao" },
  "3713": { zh: "临沂", en: "Linyi" },
  "3714": { zh: "德州", en: "Dezhou" },
  "3715": { zh: "聊城", en: "Liaocheng" },
  "3716": { zh: "滨州", en: "Binzhou" },
  "3717": { zh: "菏泽", en: "Heze" },
  "1301": { zh: "石家庄", en: "Shijiazhuang" },
  "2101": { zh: "沈阳", en: "Shenyang" },
  "2102": { zh: "大连", en: "Dalian" },
  "3201": { zh: "南京", en: "Nanjing" },
  "3205": { zh: "苏州", en: "Suzhou" },
  "3301": { zh: "杭州", en: "Hangzhou" },
  "4101": { zh: "郑州", en: "Zhengzhou" },
  "4201": { zh: "武汉", en: "Wuhan" },
  "4401": { zh: "广州", en: "Guangzhou" },
  "4403": { zh: "深圳", en: "Shenzhen" },
  "5101": { zh: "成都", en: "Chengdu" },
  "6101": { zh: "西安", en: "Xi'an" },
};

/** A region code as a place name: the city where known, else the province, else the code itself. */
export function regionName(lang: Lang, regionCode: string): string {
  const city = CITIES[regionCode.slice(0, 4)] ?? (["11", "12", "31", "50"].includes(regionCode.slice(0, 2)) ? PROVINCES[regionCode.slice(0, 2)] : undefined);
  const place = city ?? PROVINCES[regionCode.slice(0, 2)];
  return place ? place[lang] : regionCode;
}
